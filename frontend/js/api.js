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
      status,
      line: detail.line ?? null,
      column: detail.column ?? null,
      kind,
    });
  }
  if (Array.isArray(detail)) {
    // Each entry names its field ("output_activation: Input should be …"), so the form can mark it.
    const named = (d) => {
      const where = (d.loc ?? []).filter((part) => part !== "body").join(".");
      return where && d.msg ? `${where}: ${d.msg}` : d.msg;
    };
    const message = detail.map(named).filter(Boolean).join("; ") || "Invalid request";
    return new ApiError(message, { status, kind: "program" });
  }
  return new ApiError(status >= 500 ? `The server failed (${status}).` : `Request failed (${status}).`, {
    status,
    kind: "server",
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
  let body;
  try {
    body = await response.json();
  } catch {
    body = null; // not JSON (a proxy's HTML error page, an empty body)
  }
  if (!response.ok) throw errorFrom(response.status, body);
  return body;
};

// The page asks for tensor edge contributions in full ("detail": "full"): the tensor inspector
// draws each term's heatmap. The server's default, "compact", sends them as {shape, norm, min,
// max} summaries, which format.js and tensor.js also render (by norm).
const DETAIL = "full";

/** POST /graph: the full trace of a program at the given values. */
export const fetchTrace = (expression, values, { signal } = {}) =>
  request("graph", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ expression, values, detail: DETAIL }),
    signal,
  });

/** POST /network: the trace of a network spec (layer or neuron granularity). */
export const fetchNetwork = (spec, { signal } = {}) =>
  request("network", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...spec, detail: DETAIL }),
    signal,
  });

/** GET /ops: the op registry (symbols, syntax, LaTeX of local derivatives, gate patterns). */
export const fetchOps = () => request("ops");

/** GET /examples: the lecture's example programs. */
export const fetchExamples = () => request("examples");

/** GET /health. */
export const fetchHealth = () => request("health");

const postJson = (path, body, { signal } = {}) =>
  request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });

/** POST /gradcheck: analytic vs central-difference gradients; body {expression, values} or {network}. */
export const fetchGradcheck = (body, options) => postJson("gradcheck", body, options);

/** POST /step: one gradient-descent step; body {expression, values, parameters, learning_rate} or {network, ...}. */
export const fetchStep = (body, options) => postJson("step", body, options);

/** POST /train: a training run with its loss curve and snapshots (decision-surface grids for 2-D data). */
export const fetchTrain = (body, options) => postJson("train", body, options);
