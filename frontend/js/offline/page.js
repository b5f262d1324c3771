// Fills the one-file HTML template (frontend/standalone.html) the same way html_export.py does.
// Pure string work (no DOM), so the page's HTML export and node tests share it.

const SLOT = /\{\{(title|view|script)\}\}/g;
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

/** JSON text safe inside <script type="application/json">: no `</script>`, no `<!--`. */
export const scriptJson = (value) =>
  JSON.stringify(value).replace(UNSAFE_IN_SCRIPT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c]);

/**
 * The page: `template` is standalone.html, `script` vendor/chainrule-standalone.js, `view` is
 * {trace, step, options}. One pass over the template, so text put into a slot is never
 * searched for another slot (a label "{{script}}" stays a label).
 */
export const standalonePage = ({ template, script, view, title = "chainrule" }) => {
  if (script.toLowerCase().includes("</script")) throw new Error("the standalone script contains </script");
  const slots = { title: escapeHtml(title), view: scriptJson(view), script };
  return template.replace(SLOT, (_, name) => slots[name]);
};
