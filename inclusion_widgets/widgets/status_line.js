// The save status of a workshop page, and its heartbeat with the kernel.
//
// Every second the page sends a "ping" over the widget's own messages and the kernel
// answers "pong": the kernel learns that its page is open, the page learns that its
// kernel is there. A pong late by 2 s turns the status amber, by 4 s red ("Not saved -
// reconnecting"); the server is then asked whether this page's kernel still exists,
// and if it does not (culled, restarted, server restarted) the page says so and
// offers to reopen the personal link.

const PING_MS = 1000;
const LATE_MS = 2000;
const LOST_MS = 4000;
// A kernel that exists but has not answered for a minute was restarted (its widgets are
// gone); a busy machine can keep a live kernel silent for well over 15 s.
const GONE_MS = 60000;
const CHECK_MS = 3000;

function pageConfig() {
  const node = document.getElementById("jupyter-config-data");
  if (!node) return {};
  try {
    return JSON.parse(node.textContent || "{}");
  } catch {
    return {};
  }
}

// Voila's page sends its kernel's shutdown on unload with the `_xsrf` cookie echoed as
// a form field, but its page handler never asks Tornado for the token, so no such
// cookie is ever set and the shutdown is refused with 403 (voila-dashboards/voila#1458).
// Tornado's check is a double submit: cookie and field must match, which only a page
// of this origin can arrange. A page that already has the server's cookie keeps it.
function ensureXsrfCookie(baseUrl) {
  if (/(^|;\s*)_xsrf=/.test(document.cookie)) return;
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  document.cookie = `_xsrf=${token}; path=${baseUrl || "/"}; SameSite=Strict`;
}

async function kernelExists(config) {
  if (!config.kernelId) return null;
  const url = `${config.baseUrl || "/"}api/kernels/${config.kernelId}`;
  try {
    const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    if (response.status === 404) return false;
    return response.ok ? true : null;
  } catch {
    return null; // the server cannot be reached: no answer either way
  }
}

function reopenHref(model) {
  const query = model.get("reopen");
  const url = new URL(window.location.href);
  if (query) url.search = query;
  return url.href;
}

function render({ model, el }) {
  const label = (key) => (model.get("labels") || {})[key] ?? key;
  const config = pageConfig();
  ensureXsrfCookie(config.baseUrl);
  const bar = document.createElement("div");
  bar.className = "ic-status-line";
  const status = document.createElement("div");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const gone = document.createElement("div");
  gone.className = "ic-page-gone";
  gone.setAttribute("role", "alert");
  gone.hidden = true;
  bar.append(status, gone);
  el.append(bar);

  let lastPong = Date.now();
  let lostSince = null;
  let lastCheck = 0;
  let isGone = false;
  let count = 0;
  let lastPing = 0;

  function draw() {
    const silent = Date.now() - lastPong;
    let state = model.get("state");
    let text = model.get("text");
    if (isGone) {
      state = "retrying";
      text = label("lost_server");
    } else if (silent > LOST_MS) {
      state = "retrying";
      text = label("reconnecting");
    } else if (silent > LATE_MS) {
      state = "saving";
      text = label("checking");
    }
    status.className = `ic-save-status ic-save-${state}`;
    status.hidden = !text; // a page with nothing to save yet shows no status
    if (status.textContent !== text) status.textContent = text;
  }

  function showGone() {
    isGone = true;
    gone.replaceChildren();
    const sentence = document.createElement("p");
    sentence.textContent = label("gone");
    const link = document.createElement("a");
    link.className = "ic-reopen";
    link.href = reopenHref(model);
    link.textContent = label("reopen");
    gone.append(sentence, link);
    gone.hidden = false;
    draw();
  }

  async function check() {
    lastCheck = Date.now();
    const exists = await kernelExists(config);
    if (exists === false || (exists === true && Date.now() - lostSince > GONE_MS)) {
      showGone();
    }
  }

  function tick() {
    if (isGone) return;
    if (Date.now() - lastPing >= PING_MS) {
      lastPing = Date.now();
      try {
        model.send({ type: "ping", n: ++count });
      } catch {
        // the connection is down; the silence below says so
      }
    }
    const silent = Date.now() - lastPong;
    if (silent > LOST_MS) {
      lostSince = lostSince ?? Date.now();
      if (Date.now() - lastCheck > CHECK_MS) check();
    } else {
      lostSince = null;
    }
    draw();
  }

  function onMessage(message) {
    if (message && message.type === "pong" && !isGone) {
      lastPong = Date.now();
      lostSince = null;
      draw();
    }
  }

  model.on("msg:custom", onMessage);
  model.on("change:state", draw);
  model.on("change:text", draw);
  draw();
  const timer = setInterval(tick, PING_MS / 2);
  return () => {
    clearInterval(timer);
    model.off("msg:custom", onMessage);
    model.off("change:state", draw);
    model.off("change:text", draw);
  };
}

export default { render };
