// The group view: for each item the participant answered, the group's answers as bars.

function render({ model, el }) {
  const t = texts(model);
  const root = h("div", { class: "ic-root ic-group-view" });
  el.append(root);

  function show() {
    const counts = model.get("counts") || {};
    const mine = model.get("mine") || {};
    const agreed = model.get("agreed") || {};
    const sections = [];
    let hidden = 0;
    for (const item of model.get("items")) {
      const own = mine[item.id];
      if (own === undefined) {
        hidden += 1;
        continue;
      }
      const given = counts[item.id] || {};
      const most = Math.max(1, ...Object.values(given));
      const total = Object.values(given).reduce((sum, n) => sum + n, 0);
      const rows = item.answers.map((answer) => {
        const count = given[answer.key] || 0;
        const isMine = answer.key === own;
        const label = isMine ? `${answer.label} ${t("you")}` : answer.label;
        const fill = h("span", { class: "ic-dist-fill" });
        fill.style.width = `${Math.round((100 * count) / most)}%`;
        return h(
          "div",
          { class: `ic-dist-row${isMine ? " ic-mine" : ""}` },
          h("span", { class: "ic-dist-label", text: label }),
          fill,
          h("span", { class: "ic-dist-count", text: String(count) }),
        );
      });
      const result = agreed[item.id];
      sections.push(
        h(
          "section",
          {},
          h("h4", {}, item.title, " ", h("span", { class: "ic-muted", text: item.id })),
          h("p", { class: "ic-spread", text: t.count("so_far", total) }),
          h("div", { class: "ic-dist" }, rows),
          result
            ? h(
                "div",
                { class: "ic-agreed-result", role: "status" },
                h("strong", { text: t("agreed", { label: result.label }) }),
                result.revisit ? h("span", { class: "ic-muted", text: ` · ${t("revisit")}` }) : null,
                result.reasoning ? h("p", { text: result.reasoning }) : null,
              )
            : null,
        ),
      );
    }
    root.replaceChildren(h("p", { text: t("intro") }));
    if (hidden) root.append(h("p", { class: "ic-muted", text: t.count("hidden", hidden) }));
    root.append(...sections);
  }

  show();
  model.on("change:counts", show);
  model.on("change:mine", show);
  model.on("change:agreed", show);
  return () => {
    model.off("change:counts", show);
    model.off("change:mine", show);
    model.off("change:agreed", show);
  };
}

export default { render };
