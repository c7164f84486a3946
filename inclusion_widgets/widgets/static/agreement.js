// What the group agreed, per item, beside how the group answered and the notes written.

function render({ model, el }) {
  const t = texts(model);
  const pending = new PendingEdits(model, "agreed");
  const sender = new Sender(model, pending);
  const keyOf = (id) => `agreed:${id}`;
  const views = {};
  const localProblems = new Map();
  const quiet = { on: false };

  function current(id) {
    const saved = (model.get("agreed_state") || {})[id] || {
      choice: "unanswered",
      reasoning: "",
      evidence: "",
      revisit: false,
      recorded_by: "",
      version: 0,
    };
    const entry = pending.get(keyOf(id));
    return { ...saved, ...((entry && entry.fields) || {}) };
  }

  function edit(id, fields) {
    const key = keyOf(id);
    const version = ((model.get("agreed_state") || {})[id] || {}).version || 0;
    pending.change(key, fields, version, { item: id });
    localProblems.delete(key);
    const state = { ...(model.get("agreed_state") || {}) };
    state[id] = { ...current(id), version };
    keepLocally(model, "agreed_state", state, quiet);
  }

  function typed(id, field, value) {
    const key = keyOf(id);
    edit(id, { [field]: value });
    const problem = tooLong(t, field, value, model.get("max_text"));
    sender.block(key, Boolean(problem));
    if (problem) localProblems.set(key, { [field]: problem });
    showProblems(id);
    if (!problem) sender.later(key);
  }

  function textField(id, field) {
    const fieldId = uniqueId(`ic-agreed-${field}`);
    const area = h("textarea", { id: fieldId, rows: 2, class: `ic-input ic-agreed-${field}` });
    area.addEventListener("input", () => typed(id, field, area.value));
    area.addEventListener("blur", () => sender.now(keyOf(id)));
    const slot = h("p", { class: "ic-problem", role: "alert", hidden: true });
    const conflicts = h("div");
    const box = h("div", { class: "ic-field" }, h("label", { for: fieldId, text: t(field) }), area);
    box.append(slot, conflicts);
    return { box, control: area, slot, conflicts };
  }

  function card(item) {
    const id = item.id;
    const selectId = uniqueId("ic-agreed-choice");
    const select = h("select", { id: selectId, class: "ic-agreed-choice" });
    select.append(h("option", { value: "unanswered", text: t("not_agreed") }));
    for (const answer of item.answers) {
      select.append(h("option", { value: answer.key, text: answer.label }));
    }
    select.addEventListener("change", () => {
      edit(id, { choice: select.value });
      sender.now(keyOf(id));
    });
    const revisit = h("input", { type: "checkbox", class: "ic-agreed-revisit" });
    revisit.addEventListener("change", () => {
      edit(id, { revisit: revisit.checked });
      sender.now(keyOf(id));
    });
    const reasoning = textField(id, "reasoning");
    const evidence = textField(id, "evidence");
    const levelSlot = h("p", { class: "ic-problem", role: "alert", hidden: true });
    const recordSlot = h("p", { class: "ic-problem", role: "alert", hidden: true });
    const recorder = h("p", { class: "ic-muted ic-agreed-by" });
    const dist = h("div", { class: "ic-dist" });
    const notes = h("ul", { class: "ic-agreed-notes" });
    const section = h(
      "section",
      { class: "ic-agreed-item", "data-item": id, "aria-label": item.title },
      h("h4", {}, `${item.number}. ${item.title}`, " ", h("span", { class: "ic-muted", text: id })),
      h(
        "div",
        { class: "ic-agreed-columns" },
        h(
          "div",
          { class: "ic-agreed-group" },
          dist,
          h("p", { class: "ic-muted", text: t("notes") }),
          notes,
        ),
        h(
          "div",
          { class: "ic-agreed-record" },
          h(
            "div",
            { class: "ic-field" },
            h("label", { for: selectId, text: t("agreed") }),
            select,
            levelSlot,
          ),
          reasoning.box,
          evidence.box,
          h("label", { class: "ic-check" }, revisit, " ", t("revisit")),
          recorder,
          recordSlot,
        ),
      ),
    );
    const opened = () => {
      if (model.get("open_item") !== id) {
        model.set("open_item", id);
        model.save_changes();
      }
    };
    section.addEventListener("focusin", opened);
    section.addEventListener("pointerdown", opened);
    views[id] = {
      section,
      select,
      revisit,
      recorder,
      dist,
      notes,
      item,
      texts: { reasoning: reasoning.control, evidence: evidence.control },
      slots: { "": recordSlot, level: levelSlot, kind: levelSlot, choice: levelSlot,
        reasoning: reasoning.slot, evidence: evidence.slot },
      conflicts: { reasoning: reasoning.conflicts, evidence: evidence.conflicts },
    };
    return section;
  }

  function showRecord(id) {
    const view = views[id];
    const record = current(id);
    view.select.value = record.choice || "unanswered";
    view.revisit.checked = Boolean(record.revisit);
    for (const [field, control] of Object.entries(view.texts)) {
      if (control !== document.activeElement && control.value !== (record[field] || "")) {
        control.value = record[field] || "";
      }
    }
    view.recorder.textContent = record.recorded_by
      ? t("recorded_by", { who: record.recorded_by })
      : "";
    for (const control of [view.select, view.revisit, ...Object.values(view.texts)]) {
      control.disabled = Boolean(model.get("read_only"));
    }
  }

  function showGroup(id) {
    const view = views[id];
    const given = (model.get("counts") || {})[id] || {};
    const most = Math.max(1, ...Object.values(given));
    const total = Object.values(given).reduce((sum, n) => sum + n, 0);
    view.dist.replaceChildren(
      h("p", { class: "ic-spread", text: t.count("answers", total) }),
      ...view.item.answers.map((answer) => {
        const count = given[answer.key] || 0;
        const fill = h("span", { class: "ic-dist-fill" });
        fill.style.width = `${Math.round((100 * count) / most)}%`;
        return h(
          "div",
          { class: "ic-dist-row" },
          h("span", { class: "ic-dist-label", text: answer.label }),
          fill,
          h("span", { class: "ic-dist-count", text: String(count) }),
        );
      }),
    );
    const written = (model.get("notes") || {})[id] || [];
    view.notes.replaceChildren(
      ...(written.length
        ? written.map((note) =>
            h("li", {}, h("strong", { text: `${note.who}: ` }), note.text),
          )
        : [h("li", { class: "ic-muted", text: t("no_notes") })]),
    );
  }

  function showProblems(id) {
    const view = views[id];
    const key = keyOf(id);
    const problems = { ...((model.get("problems") || {})[key] || {}), ...(localProblems.get(key) || {}) };
    for (const slot of new Set(Object.values(view.slots))) showProblem(slot, "");
    for (const [field, sentence] of Object.entries(problems)) {
      showProblem(view.slots[field] || view.slots[""], sentence);
    }
    const conflicts = (model.get("conflicts") || {})[key] || [];
    for (const [field, box] of Object.entries(view.conflicts)) {
      box.replaceChildren(
        ...conflicts
          .filter((conflict) => conflict.field === field && conflict.kept === "other")
          .map((conflict) =>
            conflictNotice(t, conflict, (value) => {
              view.texts[field].value = String(value ?? "");
              typed(id, field, view.texts[field].value);
            }),
          ),
      );
    }
  }

  const root = h("div", { class: "ic-root ic-agreement" });
  root.append(h("p", { class: "ic-intro", text: t("intro") }));
  for (const item of model.get("items")) root.append(card(item));
  el.append(root);

  function showAll() {
    for (const id of Object.keys(views)) {
      showRecord(id);
      showGroup(id);
      showProblems(id);
    }
  }

  function received(message) {
    if (!message || message.type !== "saved" || !message.key.startsWith("agreed:")) return;
    pending.acknowledge(message.key, message.revision, message.version);
  }
  function savedChanged() {
    if (quiet.on) return;
    for (const id of Object.keys(views)) showRecord(id);
  }
  function groupChanged() {
    for (const id of Object.keys(views)) showGroup(id);
  }
  function problemsChanged() {
    for (const id of Object.keys(views)) showProblems(id);
  }
  const flushAll = () => sender.flush();

  showAll();
  for (const id of Object.keys(views)) {
    if (pending.get(keyOf(id))) sender.now(keyOf(id));
  }
  model.on("msg:custom", received);
  model.on("change:agreed_state", savedChanged);
  model.on("change:counts", groupChanged);
  model.on("change:notes", groupChanged);
  model.on("change:problems", problemsChanged);
  model.on("change:conflicts", problemsChanged);
  model.on("change:read_only", savedChanged);
  window.addEventListener("pagehide", flushAll);
  return () => {
    sender.dispose();
    model.off("msg:custom", received);
    model.off("change:agreed_state", savedChanged);
    model.off("change:counts", groupChanged);
    model.off("change:notes", groupChanged);
    model.off("change:problems", problemsChanged);
    model.off("change:conflicts", problemsChanged);
    model.off("change:read_only", savedChanged);
    window.removeEventListener("pagehide", flushAll);
  };
}

export default { render };
