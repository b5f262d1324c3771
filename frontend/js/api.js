// The only module that knows the server's URLs and calls fetch.

const BASE = "api/v1";

/** An error from the API or the network: message, line/column for program errors, and a kind. */
export class ApiError extends Error {
  constructor(message, { status = 0, line = null, column = null, kind = "server" } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.line = line;
    this.column = column;
    this.kind = kind; // "program" | "limit" | "server" | "network"
  }
}

// Turns FastAPI's error body (object detail or validation list) into one message.
const errorFrom = (status, body) => {
  const detail = body?.detail;
  if (detail && typeof detail === "object" && !Array.isArray(detail)) {
    const kind = status === 413 ? "limit" : status < 500 ? "program" : "server";
    return new ApiError(detail.message ?? `Request failed (${status})`, {
      status, line: detail.line ?? null, column: detail.column ?? null, kind,
    });
  }
  if (Array.isArray(detail)) {
    const message = detail.map((d) => d.msg).filter(Boolean).join("; ") || "Invalid request";
    return new ApiError(message, { status, kind: "program" });
  }
  return new ApiError(status >= 500 ? `The server failed (${status}).` : `Request failed (${status}).`, {
    status, kind: "server",
  });
};

const request = async (path, init = {}) => {
  let response;
  try {
    response = await fetch(`${BASE}/${path}`, init);
  } catch (err) {
    if (err?.name === "AbortError") throw err;
    throw new ApiError("Cannot reach the chainrule server. Is it running?", { kind: "network" });
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw errorFrom(response.status, body);
  return body;
};

/** POST /graph: the full trace of a program at the given values. */
export const fetchTrace = (expression, values, { signal } = {}) =>
  request("graph", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ expression, values }),
    signal,
  });

/** GET /ops: the op registry (symbols, syntax, LaTeX of local derivatives, gate patterns). */
export const fetchOps = () => request("ops");

/** GET /examples: the lecture's example programs. */
export const fetchExamples = () => request("examples");

/** GET /health. */
export const fetchHealth = () => request("health");
