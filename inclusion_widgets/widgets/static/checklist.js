// The Checklist: one card per item (a radio group of answers, note, evidence,
// priority), context questions answered with text, and a progress line.

const TEXT_FIELDS = ["note", "evidence"];

function choiceValue(answer) {
  if (!answer || answer.kind === "unanswered") return "";
  return answer.kind === "level" ? `level:${answer.level}` : answer.kind;
}

function emptyAnswer() {
  return { kind: "unanswered", level: null, note: "", evidence: "", priority: false };
}

function render({ model, el }) {
  const t = texts(model);
  const spec = model.get("spec");
  const editor = editing(model, "answers", "answer:");
  const { pending, sender, versions, localProblems, keyOf } = editor;
  const answers = {};
  const views = {};
  const groupHeads = {};

  // -- state: what the kernel says is saved, with this browser's unsaved edits on top --

  function takeSaved(onlyFree) {
    const saved = model.get("answer_state") || {};
    for (const id of Object.keys(views)) {
      const record = saved[id] || { ...emptyAnswer(), version: 0 };
      versions[id] = record.version || 0;
      const entry = pending.get(keyOf(id));
      const mine = (entry && entry.fields) || {};
      const current = answers[id] || emptyAnswer();
      const next = {};
      for (const field of ["kind", "level", "note", "evidence", "priority"]) {
        const keepMine = field in mine || (onlyFree && isFocused(id, field));
        next[field] = keepMine ? (field in mine ? mine[field] : current[field]) : record[field];
      }
      answers[id] = next;
    }
  }

  function isFocused(id, field) {
    const control = views[id] && views[id].controls[field];
    return control && control === document.activeElement;
  }

  // -- building the page ----------------------------------------------------------

  const root = h("div", { class: "ic-root ic-checklist" });
  const head = h(
    "header",
    { class: "ic-head" },
    h("h2", { text: spec.title }),
    spec.description ? h("p", { class: "ic-intro", text: spec.description }) : null,
    h("p", { class: "ic-muted", text: spec.source_note }),
  );
  const progressLine = h("div", { class: "ic-progress-line", role: "status" });
  const bar = h("span");
  const progress = h(
    "div",
    { class: "ic-progress" },
    progressLine,
    h("div", { class: "ic-bar", "aria-hidden": "true" }, bar),
  );
  root.append(head, progress);

  for (const group of spec.groups) {
    const count = h("span", { class: "ic-count ic-muted" });
    groupHeads[group.id] = { count, items: group.items.map((item) => item.id) };
    root.append(
      h(
        "div",
        { class: "ic-group-head" },
        h("h3", { text: group.title }),
        count,
        group.description ? h("p", { class: "ic-muted", text: group.description }) : null,
      ),
    );
    for (const item of group.items) root.append(itemCard(item));
  }
  if (spec.context.length) {
    root.append(
      h(
        "div",
        { class: "ic-group-head" },
        h("h3", { text: t("context_head") }),
        h("p", { class: "ic-muted", text: t("context_intro") }),
      ),
    );
    for (const question of spec.context) root.append(contextCard(question));
  }
  el.append(root);

  function problemSlot() {
    return h("p", { class: "ic-problem", role: "alert", hidden: true });
  }

  function textField(id, field, label, placeholder, rows) {
    const area = h("textarea", { rows, placeholder, class: "ic-input", id: uniqueId("ic-text") });
    const slot = problemSlot();
    const conflicts = h("div", { class: "ic-conflicts" });
    area.addEventListener("input", () => typed(id, field, area.value));
    area.addEventListener("blur", () => sender.now(keyOf(id)));
    const box = h(
      "div",
      { class: `ic-field ic-field-${field}` },
      h("label", { class: "ic-label", for: area.id, text: label }),
      area,
      slot,
      conflicts,
    );
    return { box, area, slot, conflicts };
  }

  function itemCard(item) {
    const scale = spec.scales[item.scale];
    const titleId = uniqueId("ic-title");
    const helpId = uniqueId("ic-help");
    const options = scale.levels.map((level) => ({
      value: `level:${level.value}`,
      label: level.label,
      meaning: level.description || level.label,
    }));
    options.push(
      { value: "dont_know", label: scale.dont_know, meaning: t("dont_know_help") },
      { value: "not_applicable", label: scale.not_applicable, meaning: t("not_applicable_help") },
    );
    const name = uniqueId("ic-choice");
    const radios = options.map((option) => {
      const input = h("input", {
        type: "radio",
        name,
        value: option.value,
        "aria-describedby": helpId,
      });
      input.addEventListener("change", () => {
        if (input.checked) chosen(item.id, option.value);
      });
      return { input, option };
    });
    const choices = h(
      "fieldset",
      { class: "ic-choice" },
      h("legend", { class: "ic-label", text: t("your_answer") }),
      h(
        "div",
        { class: "ic-options" },
        radios.map(({ input, option }) =>
          h("label", { class: "ic-option" }, input, h("span", { text: option.label })),
        ),
      ),
    );
    const help = h("p", { class: "ic-level-help", id: helpId, "aria-live": "polite" });
    const meanings = h("details", { class: "ic-meanings" }, h("summary", { text: t("meanings") }));
    meanings.addEventListener(
      "toggle",
      () => {
        if (meanings.querySelector("dl")) return;
        meanings.append(
          h(
            "dl",
            {},
            options.map((option) => [
              h("dt", { text: option.label }),
              h("dd", { text: option.meaning }),
            ]),
          ),
        );
      },
      { once: false },
    );
    const choiceProblem = problemSlot();
    const choiceConflicts = h("div", { class: "ic-conflicts" });
    const note = textField(item.id, "note", t("note"), t("note_placeholder"), 3);
    const evidence = textField(item.id, "evidence", t("evidence"), t("evidence_placeholder"), 3);
    const priority = h("input", { type: "checkbox" });
    priority.addEventListener("change", () => flagged(item.id, priority.checked));
    const prioritySlot = problemSlot();
    const priorityConflicts = h("div", { class: "ic-conflicts" });
    const recordProblem = problemSlot();
    const card = h(
      "section",
      { class: `ic-card ic-item ic-item-${cssId(item.id)}`, "aria-labelledby": titleId },
      h(
        "h4",
        { class: "ic-item-title", id: titleId },
        h("span", { class: "ic-num", text: `${item.number}.` }),
        item.title,
      ),
      item.summary ? h("p", { class: "ic-summary", text: item.summary }) : null,
      folded(item),
      h("p", { class: "ic-source ic-muted", text: item.source }),
      recordProblem,
      choices,
      help,
      meanings,
      choiceProblem,
      choiceConflicts,
      h("div", { class: "ic-fields" }, note.box, evidence.box),
      h(
        "div",
        { class: "ic-field ic-priority" },
        h("label", { class: "ic-check" }, priority, h("span", { text: t("priority") })),
        prioritySlot,
        priorityConflicts,
      ),
    );
    views[item.id] = {
      card,
      radios,
      options,
      help,
      controls: { note: note.area, evidence: evidence.area, priority },
      slots: {
        "": recordProblem,
        kind: choiceProblem,
        level: choiceProblem,
        note: note.slot,
        evidence: evidence.slot,
        priority: prioritySlot,
      },
      conflicts: {
        kind: choiceConflicts,
        level: choiceConflicts,
        note: note.conflicts,
        evidence: evidence.conflicts,
        priority: priorityConflicts,
      },
    };
    return card;
  }

  function folded(item) {
    const questions = item.questions.length;
    const examples = item.examples.length;
    if (!questions && !examples) return null;
    let summary = t("more_examples", { examples });
    if (questions && examples) summary = t("more_both", { questions, examples });
    else if (questions) summary = t("more_questions", { questions });
    const list = (entries) => h("ul", {}, entries.map((entry) => h("li", { text: entry })));
    return h(
      "details",
      { class: "ic-more" },
      h("summary", { text: summary }),
      questions ? [h("h5", { text: t("guiding_questions") }), list(item.questions)] : null,
      examples ? [h("h5", { text: t("examples") }), list(item.examples)] : null,
    );
  }

  function contextCard(question) {
    const textId = uniqueId("ic-question");
    const answer = textField(
      question.id,
      "note",
      t("context_answer"),
      t("context_placeholder"),
      2,
    );
    answer.area.setAttribute("aria-describedby", textId);
    const recordProblem = problemSlot();
    const card = h(
      "section",
      { class: `ic-card ic-context ic-item-${cssId(question.id)}`, "aria-labelledby": textId },
      h("h4", { class: "ic-item-title", id: textId, text: question.text }),
      question.help ? h("p", { class: "ic-summary", text: question.help }) : null,
      h("p", { class: "ic-source ic-muted", text: question.source }),
      recordProblem,
      answer.box,
    );
    views[question.id] = {
      card,
      radios: [],
      options: [],
      help: null,
      controls: { note: answer.area },
      slots: { "": recordProblem, note: answer.slot },
      conflicts: { note: answer.conflicts },
    };
    return card;
  }

  // -- a person's changes ---------------------------------------------------------------

  const quiet = { on: false };

  function edit(id, fields) {
    const key = keyOf(id);
    pending.change(key, fields, versions[id] || 0, { item: id });
    Object.assign(answers[id], fields);
    localProblems.delete(key);
    const state = { ...(model.get("answer_state") || {}) };
    state[id] = { ...answers[id], version: versions[id] || 0 };
    keepLocally(model, "answer_state", state, quiet);
  }

  function chosen(id, value) {
    const kind = value.startsWith("level:") ? "level" : value;
    const level = kind === "level" ? Number(value.slice(6)) : null;
    edit(id, { kind, level });
    showItem(id);
    showProgress();
    sender.now(keyOf(id));
  }

  function flagged(id, on) {
    edit(id, { priority: on });
    showItem(id);
    showProgress();
    sender.now(keyOf(id));
  }

  function typed(id, field, value) {
    edit(id, { [field]: value });
    editor.typed(t, keyOf(id), field, value);
    showProblems(id);
  }

  // -- showing state --------------------------------------------------------------------

  function showItem(id) {
    const view = views[id];
    const answer = answers[id];
    const value = choiceValue(answer);
    for (const { input } of view.radios) {
      input.checked = input.value === value;
    }
    for (const field of TEXT_FIELDS) {
      const control = view.controls[field];
      if (control && control !== document.activeElement && control.value !== answer[field]) {
        control.value = answer[field];
      }
    }
    if (view.controls.priority) view.controls.priority.checked = Boolean(answer.priority);
    if (view.help) {
      const option = view.options.find((candidate) => candidate.value === value);
      view.help.replaceChildren();
      if (option) {
        view.help.append(h("b", { text: option.label }), ` — ${option.meaning}`);
        view.help.classList.remove("ic-muted");
      } else {
        view.help.textContent = t("unanswered_help");
        view.help.classList.add("ic-muted");
      }
    }
    view.card.classList.toggle("ic-answered", answer.kind !== "unanswered");
    view.card.classList.toggle("ic-flagged", Boolean(answer.priority));
  }

  function showProblems(id) {
    const view = views[id];
    const key = keyOf(id);
    const given = editor.problems(key);
    const shown = new Set();
    for (const [field, slot] of Object.entries(view.slots)) {
      if (shown.has(slot)) continue;
      const sentence = given[field] || (field === "kind" ? given.level : "") || "";
      showProblem(slot, sentence);
      if (sentence) shown.add(slot);
    }
    const conflicts = (model.get("conflicts") || {})[key] || [];
    showConflicts(t, view.conflicts, conflicts, (field, value) => adopt(id, field, value));
  }

  function adopt(id, field, value) {
    if (field === "kind" || field === "level") {
      // The store gives a choice as its level, or its kind when it is not a level.
      if (typeof value === "number") chosen(id, `level:${value}`);
      else chosen(id, value === null || value === undefined ? "unanswered" : String(value));
      return;
    }
    if (field === "priority") {
      flagged(id, Boolean(value));
      return;
    }
    edit(id, { [field]: String(value ?? "") });
    showItem(id);
    sender.now(keyOf(id));
  }

  function showProgress() {
    const items = spec.groups.flatMap((group) => group.items.map((item) => item.id));
    const count = (ids) => {
      let answered = 0;
      let flaggedCount = 0;
      for (const id of ids) {
        if (answers[id].kind !== "unanswered") answered += 1;
        if (answers[id].priority) flaggedCount += 1;
      }
      return { answered, flagged: flaggedCount, total: ids.length };
    };
    const all = count(items);
    progressLine.textContent = t("progress", all);
    bar.style.width = `${all.total ? Math.round((100 * all.answered) / all.total) : 0}%`;
    for (const { count: slot, items: ids } of Object.values(groupHeads)) {
      const numbers = count(ids);
      slot.textContent = t(numbers.flagged ? "group_count_priority" : "group_count", numbers);
    }
  }

  function showModes() {
    root.classList.toggle("ic-compact", Boolean(model.get("compact")));
    const disabled = Boolean(model.get("read_only"));
    for (const control of root.querySelectorAll("input, textarea, .ic-conflict button")) {
      control.disabled = disabled;
    }
  }

  function showAll() {
    for (const id of Object.keys(views)) {
      showItem(id);
      showProblems(id);
    }
    showProgress();
  }

  // -- talking to the kernel ----------------------------------------------------------

  function resend() {
    const saved = model.get("answer_state") || {};
    for (const id of Object.keys(views)) {
      const key = keyOf(id);
      const record = saved[id] || emptyAnswer();
      const entry = pending.get(key);
      if (!entry) continue;
      const fields = { ...entry.fields };
      const left = pending.reconcile(key, (field, value) =>
        field === "kind" || field === "level"
          ? record.kind === fields.kind && (record.level ?? null) === (fields.level ?? null)
          : record[field] === value,
      );
      if (left) sender.now(key);
    }
  }

  function savedChanged() {
    if (quiet.on) return;
    takeSaved(true);
    showAll();
  }

  function problemsChanged() {
    for (const id of Object.keys(views)) showProblems(id);
  }

  takeSaved(false);
  showAll();
  showModes();
  return connect(
    model,
    sender,
    {
      "msg:custom": editor.received,
      "change:answer_state": savedChanged,
      "change:problems": problemsChanged,
      "change:conflicts": problemsChanged,
      "change:read_only": showModes,
      "change:compact": showModes,
      "change:storage_key": resend,
    },
    resend,
  );
}

export default { render };
