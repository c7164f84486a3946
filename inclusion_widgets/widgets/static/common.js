// Shared by every widget's module (joined in front of it by front_end.py).
// The page builds its elements with createElement and textContent only, never from
// markup, so no text a person or a framework file wrote can become HTML.

const TYPING_PAUSE_MS = 500;

/** An element with attributes and children; strings become text nodes. */
function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

let lastId = 0;
/** A page-unique id for label and aria references. */
function uniqueId(prefix) {
  lastId += 1;
  return `${prefix}-${lastId}`;
}

/** "oecd-12/01" as a CSS class part: "oecd-12-01". */
function cssId(id) {
  return String(id).replace(/[^A-Za-z0-9_-]/g, "-");
}

/** The interface strings of a model, with {name} filled in and plural forms chosen. */
function texts(model) {
  const labels = () => model.get("labels") || {};
  const locale = () => model.get("locale") || "en";
  const fill = (template, values = {}) =>
    String(template).replace(/\{(\w+)\}/g, (whole, name) =>
      name in values ? String(values[name]) : whole,
    );
  const t = (key, values) => fill(labels()[key] ?? key, values);
  t.count = (key, n, values = {}) => {
    let rule = "other";
    try {
      rule = new Intl.PluralRules(locale()).select(n);
    } catch (_error) {
      rule = n === 1 ? "one" : "other";
    }
    const all = labels();
    const template = all[`${key}.${rule}`] ?? all[`${key}.other`] ?? key;
    return fill(template, { n, ...values });
  };
  t.number = (n) => {
    try {
      return new Intl.NumberFormat(locale()).format(n);
    } catch (_error) {
      return String(n);
    }
  };
  return t;
}

/**
 * Edits the store has not yet acknowledged, kept in localStorage under the model's
 * storage_key (in memory when there is none), one entry per record: the fields changed
 * since the last acknowledgement, the version they are based on, when they were made,
 * and a revision number that grows with every change. An acknowledgement of revision r
 * forgets the entry only if nothing was changed after r.
 */
const memories = new WeakMap();

class PendingEdits {
  constructor(model, scope) {
    this.model = model;
    this.scope = scope;
    // Without storage, edits are kept per model, so a view drawn again still has them.
    if (!memories.has(model)) memories.set(model, {});
    this.memory = memories.get(model);
  }

  storageName() {
    const key = this.model.get("storage_key");
    return key ? `inclusion-widgets:${this.scope}:${key}` : null;
  }

  all() {
    const name = this.storageName();
    if (!name) return this.memory;
    try {
      return JSON.parse(window.localStorage.getItem(name) || "{}");
    } catch (_error) {
      return this.memory;
    }
  }

  write(entries) {
    this.memory = entries;
    memories.set(this.model, entries);
    const name = this.storageName();
    if (!name) return;
    try {
      if (Object.keys(entries).length) window.localStorage.setItem(name, JSON.stringify(entries));
      else window.localStorage.removeItem(name);
    } catch (_error) {
      // Storage full or refused: the edits stay in memory and are still sent.
    }
  }

  get(key) {
    return this.all()[key];
  }

  /** Remember changed fields of a record; returns the entry. */
  change(key, fields, baseVersion, extra = {}) {
    const entries = this.all();
    const old = entries[key];
    const entry =
      old && !old.deleted ? old : { key, fields: {}, base_version: baseVersion, revision: 0 };
    Object.assign(entry, extra);
    Object.assign(entry.fields, fields);
    entry.deleted = false;
    entry.revision = nextRevision(old);
    entry.edited_at = new Date().toISOString();
    entries[key] = entry;
    this.write(entries);
    return entry;
  }

  /** Remember that a record was removed (wins over its earlier changes). */
  remove(key, baseVersion, extra = {}) {
    const entries = this.all();
    const old = entries[key];
    const entry = {
      key,
      ...extra,
      fields: {},
      deleted: true,
      base_version: old ? old.base_version : baseVersion,
      revision: nextRevision(old),
      edited_at: new Date().toISOString(),
    };
    entries[key] = entry;
    this.write(entries);
    return entry;
  }

  /** The store kept revision `revision` of `key` as `version`. */
  acknowledge(key, revision, version) {
    const entries = this.all();
    const entry = entries[key];
    if (!entry) return;
    if (entry.revision <= revision) delete entries[key];
    else entry.base_version = version;
    this.write(entries);
  }

  /** Drop fields whose value the store already holds; drop the entry if none is left. */
  reconcile(key, holds) {
    const entries = this.all();
    const entry = entries[key];
    if (!entry || entry.deleted) return entry;
    for (const [field, value] of Object.entries(entry.fields)) {
      if (holds(field, value)) delete entry.fields[field];
    }
    if (!Object.keys(entry.fields).length) delete entries[key];
    this.write(entries);
    return entries[key];
  }
}

/**
 * A revision number that only grows, also across entries of the same record and across
 * reopened pages, so an acknowledgement of an older change never forgets a newer one.
 */
function nextRevision(old) {
  return Math.max(Date.now(), old ? old.revision + 1 : 0);
}

/** The message that carries one pending entry to the kernel. */
function editMessage(entry) {
  const { key, fields, base_version, edited_at, revision, deleted, ...ids } = entry;
  return {
    type: deleted ? "delete" : "edit",
    key,
    ...ids,
    fields: deleted ? {} : fields,
    base_version,
    edited_at,
    revision,
  };
}

/**
 * Sends pending entries to the kernel: text after a pause in typing, choices at once,
 * and everything left when a field loses focus or the page is hidden.
 */
class Sender {
  constructor(model, pending) {
    this.model = model;
    this.pending = pending;
    this.timers = new Map();
    this.blocked = new Set();
  }

  later(key) {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.now(key), TYPING_PAUSE_MS),
    );
  }

  now(key) {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.blocked.has(key)) return;
    const entry = this.pending.get(key);
    if (entry) this.model.send(editMessage(entry));
  }

  flush() {
    for (const key of [...this.timers.keys()]) this.now(key);
  }

  /** Keep a record's entry here (e.g. a text too long to keep) until unblocked. */
  block(key, blocked) {
    if (blocked) this.blocked.add(key);
    else this.blocked.delete(key);
  }

  dispose() {
    this.flush();
    for (const timer of this.timers.values()) clearTimeout(timer);
  }
}

/** Show a problem sentence (or nothing) in a slot under a field. */
function showProblem(slot, sentence) {
  slot.textContent = sentence || "";
  slot.hidden = !sentence;
}

/**
 * Under a field another tab of the same person saved differently. When this page's text
 * was kept: "Your other tab saved a different note: Show / Use it", the other text one
 * click away. When the other tab's text was newer, the field shows it and this page's
 * own text is the one kept at hand: "...a newer note, shown above: Show yours / Use yours".
 * `use(value)` puts the offered value into the field as a new edit.
 */
function conflictNotice(t, conflict, use) {
  const newer = conflict.kept === "other" && "mine" in conflict;
  const offered = newer ? conflict.mine : conflict.other;
  const [sentence, showLabel, useLabel] = newer
    ? ["conflict_newer", "conflict_show_mine", "conflict_use_mine"]
    : ["conflict", "conflict_show", "conflict_use"];
  const other = h("blockquote", { class: "ic-conflict-text", hidden: true });
  other.textContent = Array.isArray(offered) ? offered.join(", ") : String(offered ?? "");
  const show = h("button", {
    type: "button",
    class: "ic-link-button",
    "aria-expanded": "false",
    text: t(showLabel),
  });
  show.addEventListener("click", () => {
    other.hidden = !other.hidden;
    show.textContent = other.hidden ? t(showLabel) : t("conflict_hide");
    show.setAttribute("aria-expanded", String(!other.hidden));
  });
  const adopt = h("button", { type: "button", class: "ic-link-button", text: t(useLabel) });
  adopt.addEventListener("click", () => use(offered));
  return h(
    "div",
    { class: "ic-conflict", role: "status" },
    h("span", { text: t(sentence, { field: t(`field.${conflict.field}`) }) }),
    " ",
    show,
    " ",
    adopt,
    other,
  );
}

/** The conflicts of one record under their fields; `use(field, value)` adopts one. */
function showConflicts(t, boxes, conflicts, use) {
  for (const box of new Set(Object.values(boxes))) box.replaceChildren();
  for (const conflict of conflicts) {
    const box = boxes[conflict.field];
    if (box) box.append(conflictNotice(t, conflict, (value) => use(conflict.field, value)));
  }
}

/** A model's text too long to keep: the sentence, or "" when it fits. */
function tooLong(t, field, text, limit) {
  if (text.length <= limit) return "";
  return t("too_long", {
    field: t(`field.${field}`),
    length: t.number(text.length),
    limit: t.number(limit),
  });
}

/**
 * Keep the page's copy of a state trait current without sending it to the kernel (the
 * kernel already has the edit), so a view drawn again (JupyterLab redraws outputs that
 * scroll out of sight) shows what the person did. `quiet.on` tells the view's own
 * change handler that nothing came from the kernel.
 */
function keepLocally(model, name, value, quiet) {
  quiet.on = true;
  try {
    model.set(name, value);
  } finally {
    quiet.on = false;
  }
}

/**
 * What every view of an editable widget shares: the browser's copy of the edits the
 * store has not acknowledged (`pending`), the `sender`, the saved version each record's
 * next edit is based on, sentences the page found itself (a text too long), and the
 * kernel's acknowledgements.
 */
function editing(model, scope, prefix) {
  const pending = new PendingEdits(model, scope);
  const sender = new Sender(model, pending);
  const versions = {};
  const localProblems = new Map();
  return {
    pending,
    sender,
    versions,
    localProblems,
    keyOf: (id) => `${prefix}${id}`,

    /** The store kept an edit: forget what it covered, take its version. */
    received(message) {
      if (!message || message.type !== "saved" || !message.key.startsWith(prefix)) return;
      pending.acknowledge(message.key, message.revision, message.version);
      versions[message.key.slice(prefix.length)] = message.version;
    },

    /** Sentences to show at a record's fields: the kernel's, then the page's own. */
    problems(key) {
      return { ...((model.get("problems") || {})[key] || {}), ...(localProblems.get(key) || {}) };
    },

    /** Text was typed: a text too long to keep is held here with its sentence,
     * anything else goes to the kernel after a pause in typing. */
    typed(t, key, field, value) {
      const problem = tooLong(t, field, value, model.get("max_text"));
      sender.block(key, Boolean(problem));
      if (problem) {
        localProblems.set(key, { [field]: problem });
      } else {
        localProblems.delete(key);
        sender.later(key);
      }
    },
  };
}

const resentModels = new WeakSet();

/**
 * Listen to the model and to the page being hidden or closed (which sends every edit
 * still waiting); the first view of a model sends again what the store never
 * acknowledged (a reopened page, a restarted kernel). Returns what undoes the listening.
 */
function connect(model, sender, handlers, resend) {
  const flush = () => sender.flush();
  const onVisibility = () => {
    if (document.visibilityState === "hidden") flush();
  };
  if (!resentModels.has(model)) {
    resentModels.add(model);
    resend();
  }
  for (const [event, handler] of Object.entries(handlers)) model.on(event, handler);
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    sender.dispose();
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
    window.removeEventListener("pagehide", flush);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
