// The group's plan: open gaps, participants' drafts to take or merge, and the plan's
// actions edited in place.

const PLAN_TEXTS = ["title", "description", "owner", "partners", "resources", "indicator"];

function render({ model, el }) {
  const t = texts(model);
  const edits = editing(model, "plan", "plan:");
  const { pending, sender, keyOf } = edits;
  const chosen = new Set();
  const cards = new Map();


  function saved(id) {
    return (model.get("plan_state") || []).find((action) => action.id === id);
  }

  function current(id) {
    const entry = pending.get(keyOf(id));
    return { ...(saved(id) || {}), ...((entry && entry.fields) || {}) };
  }

  function edit(id, fields, typing) {
    const key = keyOf(id);
    const version = edits.versions[id] ?? (saved(id) || {}).version ?? 0;
    pending.change(key, fields, version);
    if (typing) {
      const [field, value] = Object.entries(fields)[0];
      edits.typed(t, key, field, value);
    } else {
      edits.localProblems.delete(key);
      sender.now(key);
    }
    showProblems(id);
  }

  // -- gaps and drafts ------------------------------------------------------------

  const takeProblem = h("p", { class: "ic-problem", role: "alert", hidden: true });
  const gapList = h("ul", { class: "ic-plan-gaps" });
  const draftList = h("ul", { class: "ic-plan-drafts" });
  const merge = h("button", { type: "button", class: "ic-button ic-plan-merge", text: t("merge") });
  const intoId = uniqueId("ic-plan-into");
  const into = h("select", { id: intoId, class: "ic-plan-into" });
  const addTo = h("button", { type: "button", class: "ic-button ic-plan-add", text: t("add_to") });

  function takeChosen(target) {
    const drafts = (model.get("drafts") || [])
      .filter((draft) => chosen.has(draft.id))
      .map((draft) => [draft.participant, draft.id]);
    chosen.clear();
    model.send({ type: "take", drafts, into: target });
    showDrafts();
  }
  merge.addEventListener("click", () => takeChosen(null));
  addTo.addEventListener("click", () => takeChosen(into.value));

  function showChoice() {
    const readOnly = Boolean(model.get("read_only"));
    merge.disabled = chosen.size < 2 || readOnly;
    const actions = model.get("plan_state") || [];
    const wanted = into.value;
    into.replaceChildren(
      ...actions.map((action) => h("option", { value: action.id, text: action.title || t("title") })),
    );
    if (actions.some((action) => action.id === wanted)) into.value = wanted;
    into.disabled = !actions.length || readOnly;
    addTo.disabled = !chosen.size || !actions.length || readOnly;
  }

  function showGaps() {
    const gaps = model.get("gaps") || [];
    gapList.replaceChildren(
      ...(gaps.length
        ? gaps.map((gap) =>
            h(
              "li",
              { class: "ic-plan-gap", "data-item": gap.item },
              h("span", { text: `${gap.number}. ${gap.title}` }),
              " ",
              h("span", { class: "ic-votes", text: t.count("votes", gap.votes) }),
            ),
          )
        : [h("li", { class: "ic-muted", text: t("no_gaps") })]),
    );
  }

  function showDrafts() {
    const drafts = model.get("drafts") || [];
    for (const id of [...chosen]) {
      if (!drafts.some((draft) => draft.id === id && !draft.in_plan)) chosen.delete(id);
    }
    draftList.replaceChildren(
      ...(drafts.length
        ? drafts.map((draft) => {
            const box = h("input", {
              type: "checkbox",
              class: "ic-plan-choose",
              "aria-label": t("choose", { title: draft.title }),
              disabled: Boolean(draft.in_plan) || model.get("read_only"),
            });
            box.checked = chosen.has(draft.id);
            box.addEventListener("change", () => {
              if (box.checked) chosen.add(draft.id);
              else chosen.delete(draft.id);
              showChoice();
            });
            const take = h("button", {
              type: "button",
              class: "ic-button ic-plan-take",
              text: t("take"),
              disabled: Boolean(draft.in_plan) || model.get("read_only"),
            });
            take.addEventListener("click", () =>
              model.send({ type: "take", drafts: [[draft.participant, draft.id]], into: null }),
            );
            return h(
              "li",
              { class: "ic-plan-draft", "data-draft": draft.id },
              h(
                "label",
                { class: "ic-check" },
                box,
                " ",
                h("strong", { class: "ic-plan-draft-title", text: draft.title }),
              ),
              h(
                "p",
                { class: "ic-muted" },
                t("proposed_by", { who: draft.who }),
                " · ",
                t.count("votes", draft.votes),
                draft.items.length ? ` · ${t("answers_items", { items: draft.items.join(", ") })}` : "",
              ),
              draft.description ? h("p", { class: "ic-plan-draft-text", text: draft.description }) : null,
              draft.in_plan ? h("p", { class: "ic-tag", text: t("in_plan") }) : take,
            );
          })
        : [h("li", { class: "ic-muted", text: t("no_drafts") })]),
    );
    showChoice();
  }

  // -- the plan's actions ---------------------------------------------------------

  function field(id, name, control, wide) {
    const fieldId = uniqueId(`ic-plan-${name}`);
    control.id = fieldId;
    const slot = h("p", { class: "ic-problem", role: "alert", hidden: true });
    const conflicts = h("div");
    return {
      box: h(
        "div",
        { class: `ic-field ic-plan-field-${name}${wide ? " ic-wide" : ""}` },
        h("label", { for: fieldId, text: t(name) }),
        control,
        slot,
        conflicts,
      ),
      slot,
      conflicts,
    };
  }

  function card(id) {
    const controls = {};
    const slots = {};
    const boxes = {};
    const parts = [];
    for (const name of PLAN_TEXTS) {
      const control =
        name === "description"
          ? h("textarea", { rows: 3, class: `ic-input ic-plan-${name}` })
          : h("input", { type: "text", class: `ic-input ic-plan-${name}` });
      control.addEventListener("input", () => edit(id, { [name]: control.value }, true));
      control.addEventListener("blur", () => sender.now(keyOf(id)));
      controls[name] = control;
      const made = field(id, name, control, name === "title" || name === "description");
      slots[name] = made.slot;
      boxes[name] = made.conflicts;
      parts.push(made.box);
    }
    const status = h("select", { class: "ic-input ic-plan-status" });
    for (const key of ["idea", "planned", "in_progress", "done"]) {
      status.append(h("option", { value: key, text: t(`status.${key}`) }));
    }
    status.addEventListener("change", () => edit(id, { status: status.value }));
    controls.status = status;
    const items = h("select", { multiple: true, size: 4, class: "ic-input ic-plan-items" });
    for (const item of model.get("items")) {
      items.append(h("option", { value: item.id, text: `${item.number}. ${item.title}` }));
    }
    items.addEventListener("change", () =>
      edit(id, { items: [...items.selectedOptions].map((option) => option.value) }),
    );
    controls.items = items;
    for (const name of ["start", "due"]) {
      const control = h("input", { type: "date", class: `ic-input ic-plan-${name}` });
      control.addEventListener("change", () => edit(id, { [name]: control.value || null }));
      controls[name] = control;
    }
    for (const name of ["status", "items", "start", "due"]) {
      const made = field(id, name, controls[name], name === "items");
      slots[name] = made.slot;
      boxes[name] = made.conflicts;
      parts.splice(name === "status" ? 1 : parts.length, 0, made.box);
    }
    const remove = h("button", { type: "button", class: "ic-button ic-plan-remove", text: t("remove") });
    remove.addEventListener("click", () => model.send({ type: "remove", id }));
    // Two plan actions that turn out to say the same thing: this one goes into the other.
    const mergeId = uniqueId("ic-plan-merge-into");
    const mergeInto = h("select", { id: mergeId, class: "ic-input ic-plan-merge-into" });
    const mergeWith = h("button", { type: "button", class: "ic-button ic-plan-merge-with", text: t("merge_with") });
    mergeWith.addEventListener("click", () => {
      if (mergeInto.value) model.send({ type: "merge_plan", keep: mergeInto.value, other: id });
    });
    const merging = h(
      "div",
      { class: "ic-plan-merging" },
      h("label", { for: mergeId, text: t("merge_with_label") }),
      mergeInto,
      mergeWith,
    );
    const recordSlot = h("p", { class: "ic-problem", role: "alert", hidden: true });
    slots[""] = recordSlot;
    const heading = h("h4", { class: "ic-plan-heading" });
    const proposers = h("p", { class: "ic-muted ic-plan-proposers" });
    const section = h(
      "section",
      { class: "ic-plan-action", "data-plan": id },
      heading,
      proposers,
      h("div", { class: "ic-plan-fields" }, ...parts),
      h("div", { class: "ic-plan-actions" }, remove, merging),
      recordSlot,
    );
    return { section, controls, slots, boxes, heading, proposers, remove, merging, mergeInto, mergeWith };
  }

  function showCard(id) {
    const view = cards.get(id);
    const record = current(id);
    view.heading.textContent = record.title || t("title");
    view.section.setAttribute("aria-label", record.title || t("title"));
    view.proposers.textContent = `${t("proposed_by", {
      who: (record.proposed_by || []).join(", "),
    })} · ${t.count("votes", record.votes || 0)}`;
    const readOnly = Boolean(model.get("read_only"));
    for (const [name, control] of Object.entries(view.controls)) {
      control.disabled = readOnly;
      if (control === document.activeElement) continue;
      if (name === "items") {
        const linked = new Set(record.items || []);
        for (const option of control.options) option.selected = linked.has(option.value);
      } else {
        const value = record[name] ?? "";
        if (control.value !== value) control.value = value;
      }
    }
    view.remove.disabled = readOnly;
    const others = (model.get("plan_state") || []).filter((action) => action.id !== id);
    const wanted = view.mergeInto.value;
    view.mergeInto.replaceChildren(
      ...others.map((action) => h("option", { value: action.id, text: action.title || t("title") })),
    );
    if (others.some((action) => action.id === wanted)) view.mergeInto.value = wanted;
    view.merging.hidden = !others.length;
    view.mergeWith.disabled = readOnly;
    view.mergeInto.disabled = readOnly;
  }

  function showProblems(id) {
    const view = cards.get(id);
    if (!view) return;
    const key = keyOf(id);
    for (const slot of Object.values(view.slots)) showProblem(slot, "");
    for (const [name, sentence] of Object.entries(edits.problems(key))) {
      showProblem(view.slots[name] || view.slots[""], sentence);
    }
    showConflicts(t, view.boxes, (model.get("conflicts") || {})[key] || [], (name, value) => {
      view.controls[name].value = String(value ?? "");
      edit(id, { [name]: view.controls[name].value }, PLAN_TEXTS.includes(name));
    });
  }

  const planList = h("div", { class: "ic-plan-list" });
  const noPlan = h("p", { class: "ic-muted", text: t("no_plan") });

  function showPlan() {
    const state = model.get("plan_state") || [];
    const ids = state.map((action) => action.id);
    for (const [id, view] of cards) {
      if (!ids.includes(id)) {
        view.section.remove();
        cards.delete(id);
      }
    }
    for (const id of ids) {
      if (!cards.has(id)) cards.set(id, card(id));
      showCard(id);
      showProblems(id);
    }
    // Most votes first, without redrawing a card being typed in.
    ids.forEach((id, index) => {
      const section = cards.get(id).section;
      if (planList.children[index] !== section) planList.insertBefore(section, planList.children[index] || null);
    });
    noPlan.hidden = ids.length > 0;
  }

  function showTakeProblem() {
    showProblem(takeProblem, ((model.get("problems") || {}).take || {})[""] || "");
  }

  el.append(
    h(
      "div",
      { class: "ic-root ic-group-plan" },
      h("p", { class: "ic-intro", text: t("intro") }),
      h(
        "div",
        { class: "ic-plan-columns" },
        h(
          "div",
          { class: "ic-plan-sources" },
          h("h3", { text: t("gaps_title") }),
          gapList,
          h("h3", { text: t("drafts_title") }),
          takeProblem,
          draftList,
          h(
            "div",
            { class: "ic-plan-toolbar" },
            merge,
            h("label", { for: intoId, text: t("add_to_label") }),
            into,
            addTo,
          ),
        ),
        h("div", { class: "ic-plan-main" }, h("h3", { text: t("plan_title") }), noPlan, planList),
      ),
    ),
  );
  showGaps();
  showDrafts();
  showPlan();
  showTakeProblem();

  const problemsChanged = () => {
    showTakeProblem();
    for (const id of cards.keys()) showProblems(id);
  };
  return connect(
    model,
    sender,
    {
      "msg:custom": (message) => edits.received(message),
      "change:gaps": showGaps,
      "change:drafts": showDrafts,
      "change:plan_state": () => {
        showPlan();
        showChoice();
      },
      "change:problems": problemsChanged,
      "change:conflicts": problemsChanged,
      "change:read_only": () => {
        showDrafts();
        showPlan();
      },
    },
    () => {
      for (const entry of Object.values(pending.all())) sender.now(entry.key);
    },
  );
}

export default { render };
