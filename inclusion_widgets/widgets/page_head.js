// What the page's head says: the browser tab's title and the language of the page.
// Set from the widget's "title" and "language", and again whenever the kernel changes
// them (a session opened, another language chosen).

function render({ model, el }) {
  el.hidden = true;
  const show = () => {
    const title = model.get("title");
    const language = model.get("language");
    if (title) document.title = title;
    if (language) document.documentElement.lang = language;
  };
  show();
  model.on("change", show);
  return () => model.off("change", show);
}

export default { render };
