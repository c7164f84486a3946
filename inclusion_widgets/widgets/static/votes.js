// A participant's votes: the gaps and draft actions, most votes first, with "Vote" and
// "Take a vote back" on each, and how many votes are left.

function render({ model, el }) {
  const t = texts(model);
  const left = h("p", { class: "ic-votes-left", role: "status" });
  const gapList = h("ul", { class: "ic-vote-list ic-vote-gaps" });
  const draftList = h("ul", { class: "ic-vote-list ic-vote-drafts" });
  const gapsHead = h("h3", { text: t("gaps_title") });
  const draftsHead = h("h3", { text: t("drafts_title") });
  const nothing = h("p", { class: "ic-muted", text: t("nothing") });

  function row(target) {
    const readOnly = Boolean(model.get("read_only"));
    const problem = h("p", { class: "ic-problem", role: "alert", hidden: true });
    showProblem(problem, (model.get("problems") || {})[target.target] || "");
    const vote = h("button", {
      type: "button",
      class: "ic-button ic-primary ic-vote",
      text: t("vote"),
      "aria-label": t("vote_for", { title: target.title }),
      disabled: readOnly,
    });
    vote.addEventListener("click", () =>
      model.send({ type: "vote", target: target.target, change: 1 }),
    );
    const back = h("button", {
      type: "button",
      class: "ic-button ic-take-back",
      text: t("take_back"),
      "aria-label": t("take_back_from", { title: target.title }),
      disabled: readOnly || !target.mine,
    });
    back.addEventListener("click", () =>
      model.send({ type: "vote", target: target.target, change: -1 }),
    );
    const counts = t.count("votes", target.votes) + (target.mine ? ` (${t.count("yours", target.mine)})` : "");
    return h(
      "li",
      { class: "ic-vote-row", "data-target": target.target },
      h(
        "div",
        {},
        h("strong", { class: "ic-vote-title", text: target.title }),
        target.who ? h("p", { class: "ic-muted", text: t("proposed_by", { who: target.who }) }) : null,
        h("p", { class: "ic-votes ic-vote-count", text: counts }),
      ),
      h("div", { class: "ic-vote-controls" }, vote, back),
      problem,
    );
  }

  function show() {
    // Rows are drawn again on every count; the button a person used keeps the focus.
    const focused = document.activeElement;
    const place = focused && focused.closest ? focused.closest(".ic-vote-row") : null;
    const again = place && el.contains(place) ? [place.dataset.target, focused.className] : null;
    draw();
    if (again) {
      const [target, className] = again;
      const same = [...el.querySelectorAll(".ic-vote-row")].find(
        (node) => node.dataset.target === target,
      );
      const button = same && [...same.querySelectorAll("button")].find(
        (node) => node.className === className,
      );
      if (button) button.focus();
    }
  }

  function draw() {
    const targets = model.get("targets") || [];
    const gaps = targets.filter((target) => target.kind === "gap");
    const drafts = targets.filter((target) => target.kind === "draft");
    left.textContent = t.count("left", model.get("left"));
    gapList.replaceChildren(...gaps.map(row));
    draftList.replaceChildren(...drafts.map(row));
    gapsHead.hidden = gapList.hidden = !gaps.length;
    draftsHead.hidden = draftList.hidden = !drafts.length;
    nothing.hidden = targets.length > 0;
  }

  el.append(
    h(
      "div",
      { class: "ic-root ic-votes-board" },
      h("p", { class: "ic-intro", text: t("intro") }),
      left,
      nothing,
      gapsHead,
      gapList,
      draftsHead,
      draftList,
    ),
  );
  show();
  const events = ["change:targets", "change:left", "change:problems", "change:read_only"];
  for (const event of events) model.on(event, show);
  return () => {
    for (const event of events) model.off(event, show);
  };
}

export default { render };
