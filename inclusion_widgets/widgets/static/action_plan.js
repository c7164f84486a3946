// The ActionPlan: the gaps to act on, a toolbar, one card per action, an undo bar,
// and a grid of actions by impact and effort.

const TEXT_FIELDS = ["title", "description", "owner", "partners", "resources", "indicator"];
const STATUSES = ["idea", "planned", "in_progress", "done"];
const RATINGS = [1, 2, 3];

function newActionId() {
  const random = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID() : "";
  const text = random || `${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  return text.replace(/-/g, "").slice(0, 12);
}

function render({ model, el }) {
  const t = texts(model);
  const items = model.get("items");
  const itemById = Object.fromEntries(items.map((item) => [item.id, item]));
  const editor = editing(model, "actions", "action:");
  const { pending, sender, versions, localProblems, keyOf } = editor;
  let actions = {};
  const cards = new Map();
  let removed = null;
  let filter = "all";
  let view = "cards";

  // -- state: what the kernel says is saved, with this browser's unsaved edits on top --

  function takeSaved() {
    const saved = model.get("action_state") || {};
    const next = {};
    for (const [id, record] of Object.entries(saved)) {
      versions[id] = record.version || 0;
      next[id] = { ...record };
    }
    for (const entry of Object.values(pending.all())) {
      const id = entry.action;
      if (!id) continue;
      if (entry.deleted) delete next[id];
      else next[id] = { ...(next[id] || blankAction(id)), ...entry.fields };
    }
    actions = next;
  }

  function blankAction(id) {
    return {
      id,
      title: "",
      description: "",
      items: [],
      owner: "",
      partners: "",
      start: null,
      due: null,
      resources: "",
      indicator: "",
      status: "idea",
      impact: null,
      effort: null,
      position: 0,
    };
  }

  function ordered() {
    return Object.entries(actions)
      .map(([id, action]) => ({ ...action, id }))
      .sort((a, b) => a.position - b.position);
  }

  // -- building the page ----------------------------------------------------------------

  const root = h("div", { class: "ic-root ic-action-plan" });
  const gapsBox = h("div", { class: "ic-gaps" });
  const linkTo = h("select", { class: "ic-link-to" });
  const addButton = h("button", { type: "button", class: "ic-button ic-primary", text: t("add") });
  const filterSelect = h(
    "select",
    {},
    h("option", { value: "all", text: t("all_actions") }),
    STATUSES.map((status) => h("option", { value: status, text: t(`status.${status}`) })),
  );
  const viewName = uniqueId("ic-view");
  const viewRadios = ["cards", "grid"].map((value) => {
    const input = h("input", { type: "radio", name: viewName, value, checked: value === view });
    input.addEventListener("change", () => {
      if (input.checked) {
        view = value;
        showView();
      }
    });
    return h(
      "label",
      { class: "ic-option" },
      input,
      h("span", { text: t(value === "cards" ? "view_cards" : "view_grid") }),
    );
  });
  const labelled = (text, control, cls = "") => {
    control.id = uniqueId("ic-control");
    return h(
      "div",
      { class: `ic-field ${cls}` },
      h("label", { class: "ic-label", for: control.id, text }),
      control,
    );
  };
  const toolbar = h(
    "div",
    { class: "ic-toolbar" },
    labelled(t("link_to"), linkTo, "ic-link"),
    addButton,
    labelled(t("filter"), filterSelect, "ic-filter"),
    h(
      "fieldset",
      { class: "ic-segmented ic-view" },
      h("legend", { class: "ic-label", text: t("view") }),
      h("div", { class: "ic-options" }, viewRadios),
    ),
  );
  const undoText = h("span");
  const undoButton = h("button", { type: "button", class: "ic-button", text: t("undo") });
  const undoBar = h("div", { class: "ic-undo", role: "status", hidden: true }, undoText, undoButton);
  const empty = h("p", { class: "ic-empty" });
  const cardList = h("div", { class: "ic-cards" });
  const grid = h("div", { class: "ic-grid-view", hidden: true });
  root.append(
    h(
      "header",
      { class: "ic-head" },
      h("h2", { text: t("heading") }),
      h("p", { class: "ic-intro", text: t("intro") }),
    ),
    gapsBox,
    toolbar,
    undoBar,
    empty,
    cardList,
    grid,
  );
  el.append(root);

  addButton.addEventListener("click", () => {
    const id = newActionId();
    const action = {
      ...blankAction(id),
      items: linkTo.value ? [linkTo.value] : [],
      position: ordered().length,
    };
    const { id: _id, ...fields } = action;
    edit(id, fields, 0);
    showAll();
    const card = cards.get(id);
    if (card) card.controls.title.focus();
  });
  undoButton.addEventListener("click", () => {
    if (!removed) return;
    const { id, version: _version, ...fields } = removed;
    removed = null;
    edit(id, fields, 0);
    showAll();
  });
  filterSelect.addEventListener("change", () => {
    filter = filterSelect.value;
    showCards();
  });

  // -- one card ---------------------------------------------------------------------------

  function card(id) {
    const head = h("div", { class: "ic-action-head" });
    const headId = uniqueId("ic-action");
    head.id = headId;
    const controls = {};
    const slots = { "": h("p", { class: "ic-problem", role: "alert", hidden: true }) };
    const conflicts = {};
    const field = (name, control, cls, label = t(name)) => {
      controls[name] = control;
      slots[name] = h("p", { class: "ic-problem", role: "alert", hidden: true });
      conflicts[name] = h("div", { class: "ic-conflicts" });
      control.id = uniqueId("ic-control");
      return h(
        "div",
        { class: `ic-field ic-a-${name} ${cls}` },
        h("label", { class: "ic-label", for: control.id, text: label }),
        control,
        slots[name],
        conflicts[name],
      );
    };
    const text = (name, placeholder, area = false) => {
      const control = area
        ? h("textarea", { class: "ic-input", rows: 2, placeholder })
        : h("input", { type: "text", class: "ic-input", placeholder });
      control.addEventListener("input", () => typed(id, name, control.value));
      control.addEventListener("blur", () => sender.now(keyOf(id)));
      return control;
    };
    const select = (name, options) => {
      const control = h(
        "select",
        {},
        options.map(([value, label]) => h("option", { value, text: label })),
      );
      control.addEventListener("change", () => {
        let value = control.value;
        if (name === "impact" || name === "effort") value = value ? Number(value) : null;
        changed(id, { [name]: value });
      });
      return control;
    };
    const dateInput = (name) => {
      const control = h("input", { type: "date", class: "ic-input" });
      control.addEventListener("change", () => changed(id, { [name]: control.value || null }));
      return control;
    };
    const ratings = [["", t("not_rated")], ...RATINGS.map((r) => [String(r), t(`rating.${r}`)])];
    const linkedSummary = h("summary");
    const linkedBoxes = items.map((item) => {
      const box = h("input", { type: "checkbox", value: item.id });
      box.addEventListener("change", () => {
        const chosen = linkedBoxes.filter((b) => b.checked).map((b) => b.value);
        changed(id, { items: chosen });
      });
      return box;
    });
    controls.items = linkedBoxes;
    slots.items = h("p", { class: "ic-problem", role: "alert", hidden: true });
    conflicts.items = h("div", { class: "ic-conflicts" });
    const linked = h(
      "div",
      { class: "ic-field ic-wide" },
      h(
        "fieldset",
        { class: "ic-linked" },
        h("legend", { class: "ic-label", text: t("items") }),
        h(
          "details",
          {},
          linkedSummary,
          h(
            "ul",
            {},
            items.map((item, index) =>
              h(
                "li",
                {},
                h(
                  "label",
                  { class: "ic-check" },
                  linkedBoxes[index],
                  h("span", { text: `${item.number}. ${item.title}` }),
                ),
              ),
            ),
          ),
        ),
      ),
      slots.items,
      conflicts.items,
    );
    const button = (label, cls, onClick) => {
      const node = h("button", { type: "button", class: `ic-button ${cls}`, text: label });
      node.addEventListener("click", onClick);
      return node;
    };
    const up = button(t("move_up"), "ic-move-up", () => move(id, -1));
    const down = button(t("move_down"), "ic-move-down", () => move(id, 1));
    const remove = button(t("remove"), "ic-danger", () => removeAction(id));
    const node = h(
      "section",
      { class: "ic-card ic-action", "aria-labelledby": headId },
      head,
      slots[""],
      h(
        "div",
        { class: "ic-fields" },
        field("title", text("title", t("title_placeholder")), "ic-span-3"),
        field(
          "status",
          select(
            "status",
            STATUSES.map((s) => [s, t(`status.${s}`)]),
          ),
          "",
        ),
        field("description", text("description", t("description_placeholder"), true), "ic-wide"),
        linked,
        field("owner", text("owner", t("owner_placeholder")), "ic-span-2"),
        field("partners", text("partners", t("partners_placeholder")), "ic-span-2"),
        field("resources", text("resources", t("resources_placeholder")), "ic-span-2"),
        field("indicator", text("indicator", t("indicator_placeholder")), "ic-span-2"),
        field("start", dateInput("start"), ""),
        field("due", dateInput("due"), ""),
        field("impact", select("impact", ratings), ""),
        field("effort", select("effort", ratings), ""),
      ),
      h("div", { class: "ic-action-buttons" }, up, down, remove),
    );
    return { node, head, controls, slots, conflicts, linkedSummary, up, down, remove };
  }

  // -- a person's changes -------------------------------------------------------------

  const quiet = { on: false };

  function keepState() {
    const state = {};
    for (const [id, action] of Object.entries(actions)) {
      state[id] = { ...action, version: versions[id] || 0 };
    }
    keepLocally(model, "action_state", state, quiet);
  }

  function edit(id, fields, baseVersion = versions[id] || 0) {
    const key = keyOf(id);
    pending.change(key, fields, baseVersion, { action: id });
    actions[id] = { ...(actions[id] || blankAction(id)), ...fields };
    localProblems.delete(key);
    keepState();
    sender.now(key);
  }

  function changed(id, fields) {
    edit(id, fields);
    showAll();
  }

  function typed(id, name, value) {
    const key = keyOf(id);
    pending.change(key, { [name]: value }, versions[id] || 0, { action: id });
    actions[id] = { ...actions[id], [name]: value };
    keepState();
    editor.typed(t, key, name, value);
    showHead(id);
    showProblems(id);
    showGaps();
    showGrid();
  }

  function move(id, delta) {
    const order = ordered().map((action) => action.id);
    const index = order.indexOf(id);
    const target = index + delta;
    if (index < 0 || target < 0 || target >= order.length) return;
    [order[index], order[target]] = [order[target], order[index]];
    order.forEach((other, position) => {
      if (actions[other].position !== position) edit(other, { position });
    });
    showAll();
    const moved = cards.get(id);
    if (moved) {
      const [same, other] = delta < 0 ? [moved.up, moved.down] : [moved.down, moved.up];
      (same.disabled ? other : same).focus();
    }
  }

  function removeAction(id) {
    const action = actions[id];
    if (!action) return;
    removed = { ...action, id };
    const key = keyOf(id);
    pending.remove(key, versions[id] || 0, { action: id });
    delete actions[id];
    keepState();
    sender.now(key);
    undoText.textContent = t("removed", { title: action.title.trim() || t("untitled") });
    undoBar.hidden = false;
    showAll();
    undoButton.focus();
  }

  // -- showing state --------------------------------------------------------------------

  function linkLabel(id) {
    const item = itemById[id];
    return item ? `${item.number}. ${item.title}` : id;
  }

  function showHead(id) {
    const view = cards.get(id);
    const action = actions[id];
    if (!view || !action) return;
    const number = ordered().findIndex((other) => other.id === id) + 1;
    // The page's own check, until the store's longer sentence stands at the date itself.
    const atDates = editor.problems(keyOf(id));
    const problem =
      action.start && action.due && action.due < action.start && !atDates.due && !atDates.start
        ? t("due_before_start")
        : "";
    view.head.replaceChildren();
    view.head.append(
      h("span", { class: "ic-num", text: `${number}.` }),
      action.title.trim() || t("untitled"),
      h("span", { class: "ic-tag", text: t(`status.${action.status}`) }),
      h("p", {
        class: "ic-links ic-muted",
        text: action.items.length
          ? t("answers_items", { items: action.items.map(linkLabel).join("; ") })
          : t("not_linked"),
      }),
    );
    if (problem) view.head.append(h("p", { class: "ic-problem", text: problem }));
    view.linkedSummary.textContent = action.items.length
      ? action.items.map(linkLabel).join("; ")
      : t("not_linked");
  }

  function showCard(id) {
    const view = cards.get(id);
    const action = actions[id];
    for (const name of TEXT_FIELDS) {
      const control = view.controls[name];
      if (control !== document.activeElement && control.value !== action[name]) {
        control.value = action[name] ?? "";
      }
    }
    view.controls.status.value = action.status;
    view.controls.impact.value = action.impact ? String(action.impact) : "";
    view.controls.effort.value = action.effort ? String(action.effort) : "";
    view.controls.start.value = action.start || "";
    view.controls.due.value = action.due || "";
    for (const box of view.controls.items) box.checked = action.items.includes(box.value);
    showHead(id);
    showProblems(id);
  }

  function showProblems(id) {
    const view = cards.get(id);
    if (!view) return;
    const key = keyOf(id);
    const given = editor.problems(key);
    for (const [field, slot] of Object.entries(view.slots)) showProblem(slot, given[field]);
    const conflicts = (model.get("conflicts") || {})[key] || [];
    showConflicts(t, view.conflicts, conflicts, (field, value) => changed(id, { [field]: value }));
  }

  function showCards() {
    const list = ordered();
    for (const id of [...cards.keys()]) {
      if (!actions[id]) {
        cards.get(id).node.remove();
        cards.delete(id);
      }
    }
    const nodes = list.map((action) => {
      if (!cards.has(action.id)) cards.set(action.id, card(action.id));
      const view = cards.get(action.id);
      showCard(action.id);
      view.node.hidden = filter !== "all" && action.status !== filter;
      return view.node;
    });
    // Move nodes only where the order changed, so a focused field keeps its focus.
    nodes.forEach((node, index) => {
      if (cardList.children[index] !== node) cardList.insertBefore(node, cardList.children[index] || null);
    });
    empty.textContent = list.length ? "" : t("empty");
    empty.hidden = Boolean(list.length);
  }

  function showGaps() {
    const gaps = model.get("gaps");
    gapsBox.replaceChildren();
    const previous = linkTo.value;
    linkTo.replaceChildren(h("option", { value: "", text: t("no_item") }));
    if (!model.get("has_checklist")) {
      gapsBox.append(h("p", { class: "ic-muted", text: t("no_checklist") }));
      return;
    }
    gapsBox.append(h("h3", { text: t("gaps_title") }));
    if (!gaps.length) {
      gapsBox.append(
        h("p", { class: "ic-muted", text: t("gaps_none", { levels: model.get("gap_levels") }) }),
      );
      return;
    }
    const counts = {};
    for (const action of ordered()) {
      for (const item of action.items) counts[item] = (counts[item] || 0) + 1;
    }
    const open = gaps.filter((gap) => !counts[gap.id]);
    gapsBox.append(
      h("p", {
        class: "ic-muted",
        text: t("gaps_summary", { gaps: t.count("gaps", gaps.length), open: open.length }),
      }),
      h(
        "ul",
        {},
        gaps.map((gap) =>
          h(
            "li",
            {},
            h("b", { text: linkLabel(gap.id) }),
            " ",
            h("span", { class: "ic-muted", text: `(${gap.why.join(", ")})` }),
            counts[gap.id]
              ? h("span", { class: "ic-tag ic-tag-covered", text: t.count("actions", counts[gap.id]) })
              : h("span", { class: "ic-tag ic-tag-open", text: t("gap_open") }),
          ),
        ),
      ),
    );
    for (const gap of open) {
      linkTo.append(h("option", { value: gap.id, text: `${linkLabel(gap.id)} ${t("gap_mark")}` }));
    }
    // Follow the open gaps: after an action answers one, the next is offered.
    const values = open.map((gap) => gap.id);
    linkTo.value = values.includes(previous) ? previous : values[0] || "";
  }

  function showGrid() {
    const cells = {};
    const unrated = [];
    for (const action of ordered()) {
      const title = action.title.trim() || t("untitled");
      if (!action.impact || !action.effort) unrated.push(title);
      else (cells[`${action.impact}/${action.effort}`] ||= []).push(title);
    }
    const list = (titles) => (titles.length ? h("ul", {}, titles.map((x) => h("li", { text: x }))) : null);
    const table = h(
      "div",
      { class: "ic-grid", role: "table", "aria-label": t("grid_label") },
      h("div", { class: "ic-axis", role: "columnheader", text: t("grid_corner") }),
      RATINGS.map((effort) =>
        h("div", {
          class: "ic-axis",
          role: "columnheader",
          text: t("grid_effort", { rating: t(`rating.${effort}`) }),
        }),
      ),
    );
    for (const impact of [...RATINGS].reverse()) {
      table.append(
        h("div", {
          class: "ic-axis ic-row-label",
          role: "rowheader",
          text: t("grid_impact", { rating: t(`rating.${impact}`) }),
        }),
      );
      for (const effort of RATINGS) {
        const best = impact === 3 && effort === 1 ? " ic-best" : "";
        table.append(
          h(
            "div",
            {
              class: `ic-cell${best}`,
              role: "cell",
              "aria-label": `${t("grid_impact", { rating: t(`rating.${impact}`) })}, ${t("grid_effort", { rating: t(`rating.${effort}`) })}`,
            },
            list(cells[`${impact}/${effort}`] || []),
          ),
        );
      }
    }
    grid.replaceChildren(table);
    if (unrated.length) grid.append(h("p", { class: "ic-muted", text: t("grid_unrated") }), list(unrated));
  }

  function showView() {
    grid.hidden = view !== "grid";
    cardList.hidden = view !== "cards";
    filterSelect.disabled = view !== "cards";
  }

  function readOnly() {
    return Boolean(model.get("read_only"));
  }

  function showModes() {
    const disabled = readOnly();
    for (const control of root.querySelectorAll(".ic-cards input, .ic-cards select, .ic-cards textarea, .ic-cards button")) {
      control.disabled = disabled;
    }
    addButton.disabled = disabled;
    undoButton.disabled = disabled;
    linkTo.disabled = disabled;
    const list = ordered();
    list.forEach((action, index) => {
      const view = cards.get(action.id);
      view.up.disabled = disabled || index === 0;
      view.down.disabled = disabled || index === list.length - 1;
    });
  }

  function showAll() {
    showCards();
    showGaps();
    showGrid();
    showView();
    showModes();
  }

  // -- talking to the kernel ----------------------------------------------------------

  function resend() {
    const saved = model.get("action_state") || {};
    for (const entry of Object.values(pending.all())) {
      const id = entry.action;
      if (!id) continue;
      const record = saved[id];
      if (entry.deleted) {
        sender.now(entry.key);
        continue;
      }
      const left = pending.reconcile(
        entry.key,
        (field, value) => record !== undefined && JSON.stringify(record[field]) === JSON.stringify(value),
      );
      if (left) sender.now(entry.key);
    }
  }

  function savedChanged() {
    if (quiet.on) return;
    takeSaved();
    showAll();
  }

  const problemsChanged = () => {
    for (const id of cards.keys()) {
      showHead(id);
      showProblems(id);
    }
  };

  takeSaved();
  showAll();
  return connect(
    model,
    sender,
    {
      "msg:custom": editor.received,
      "change:action_state": savedChanged,
      "change:gaps": showGaps,
      "change:gap_levels": showGaps,
      "change:problems": problemsChanged,
      "change:conflicts": problemsChanged,
      "change:read_only": showAll,
      "change:storage_key": resend,
    },
    resend,
  );
}

export default { render };
