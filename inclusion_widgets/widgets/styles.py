"""The one block of CSS the views need, as an HTML widget holding a <style> tag.

Every class starts with ``ic-`` so nothing else on the page is touched. Sizes and
visibility live here, not in widget layouts, because the layouts are shared
(see :mod:`.parts`).
"""

from __future__ import annotations

import ipywidgets as w

from inclusion_widgets.widgets.parts import Parts

CSS = """
.ic-root { max-width: 64rem; width: 100%; box-sizing: border-box; padding: 0.5rem 0.75rem 2rem;
  color: #1f2933; font-size: 14px; line-height: 1.45; }
.ic-root .widget-html-content { white-space: normal; line-height: 1.45; overflow-wrap: anywhere; }
.ic-root .widget-html, .ic-root .widget-html-content { height: auto; width: 100%; }
.ic-root .widget-html { margin: 0; }
.ic-root h2, .ic-root h3, .ic-root h4, .ic-root p, .ic-root ul { margin: 0; }
.ic-root ul { padding-left: 1.25rem; }
.ic-hidden { display: none !important; }
.ic-sr-label .widget-label { position: absolute !important; width: 1px; height: 1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.ic-muted { color: #5f6b7a; }
.ic-head h2 { font-size: 1.45rem; font-weight: 650; margin-bottom: 0.25rem; }
.ic-head .ic-muted { font-size: 0.85rem; margin-top: 0.25rem; }
.ic-root .ic-progress { position: sticky; top: 0; z-index: 2; background: #ffffff;
  padding: 0.5rem 0; border-bottom: 1px solid #dde3ea; margin-bottom: 0.5rem; }
.ic-progress-line { font-weight: 600; }
.ic-bar { height: 6px; background: #e6ebf0; border-radius: 3px; overflow: hidden; margin-top: 4px; }
.ic-bar > span { display: block; height: 100%; background: #2f6f9f; }
.ic-root .ic-group-head { margin-top: 1.5rem; padding-bottom: 0.25rem;
  border-bottom: 2px solid #2f6f9f; }
.ic-group-head h3 { font-size: 1.15rem; font-weight: 650; display: inline; }
.ic-group-head .ic-count { margin-left: 0.6rem; font-size: 0.9rem; white-space: nowrap; }
.ic-group-head p { margin-top: 0.2rem; }
.ic-card { border: 1px solid #dde3ea; border-radius: 6px; padding: 0.75rem 0.9rem;
  margin: 0.6rem 0 0; background: #fbfcfd; gap: 0.35rem; }
.ic-card.ic-answered { border-left: 4px solid #2f6f9f; }
.ic-card.ic-flagged { border-left: 4px solid #c2410c; }
.ic-item-title { font-size: 1.02rem; font-weight: 650; }
.ic-num { color: #5f6b7a; font-weight: 500; margin-right: 0.35rem; }
.ic-summary { margin-top: 0.15rem; }
.ic-source { font-size: 0.8rem; margin-top: 0.2rem; }
.ic-more { margin-top: 0.3rem; }
.ic-more > summary { cursor: pointer; color: #2f6f9f; font-size: 0.9rem; width: max-content; }
.ic-more > summary:focus-visible { outline: 2px solid #2f6f9f; outline-offset: 2px; }
.ic-more h5 { font-size: 0.85rem; margin: 0.35rem 0 0.1rem; font-weight: 600; }
.ic-choice.widget-toggle-buttons { width: 100%; height: auto; margin: 0.2rem 0 0; }
.ic-choice .widget-toggle-button { width: auto; min-width: 6.5rem; padding: 0 0.7rem;
  margin: 0 4px 4px 0; white-space: nowrap; }
.ic-choice .widget-toggle-buttons > div, .ic-choice .widget-toggle-buttons { flex-wrap: wrap; }
.ic-choice .widget-toggle-button.mod-active { background: #2f6f9f; color: #ffffff;
  box-shadow: none; font-weight: 600; }
.ic-choice .widget-toggle-button:disabled.mod-active { opacity: 0.75; }
.ic-level-help { font-size: 0.9rem; min-height: 1.3rem; }
.ic-level-help b { font-weight: 600; }
.ic-warning { color: #b42318; font-weight: 600; }
.ic-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem 1rem; width: 100%; }
.ic-root .ic-field { width: 100%; margin: 0; flex-direction: column; align-items: stretch;
  height: auto; }
.ic-root .ic-field .widget-label { width: auto; max-width: none; text-align: left;
  white-space: normal; margin: 0 0 2px 0; line-height: 1.3; height: auto; font-size: 0.85rem;
  color: #3a4654; font-weight: 600; }
.ic-root .ic-field > textarea, .ic-root .ic-field > input, .ic-root .ic-field > select {
  width: 100%; box-sizing: border-box; font-size: 0.95rem; font-family: inherit;
  flex: 0 0 auto; }
.ic-root .ic-field > input, .ic-root .ic-field > select:not([multiple]) {
  height: var(--jp-widgets-inline-height, 28px); }
.ic-root .ic-field > select[multiple] { height: auto; }
.ic-root .ic-field > textarea { resize: vertical; min-height: 4.2em; line-height: 1.4; }
.ic-fields > .ic-field { align-self: start; }
.ic-priority { width: auto; margin: 0; }
.ic-context { gap: 0.25rem; }
.ic-compact .ic-summary, .ic-compact .ic-more, .ic-compact .ic-source,
.ic-compact .ic-evidence, .ic-compact .ic-level-help { display: none !important; }
.ic-compact .ic-card { padding: 0.4rem 0.7rem; margin-top: 0.35rem; gap: 0.2rem; }
.ic-compact .ic-fields { grid-template-columns: 1fr; }
.ic-compact .ic-note textarea { min-height: 2em; }
.ic-toolbar { flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin: 0.5rem 0; }
.ic-root .ic-toolbar .ic-field { width: auto; }
.ic-button.widget-button { width: auto; padding: 0 0.8rem; }
.ic-root .ic-gaps { border: 1px solid #dde3ea; border-radius: 6px; padding: 0.6rem 0.9rem;
  background: #fbfcfd; margin: 0.4rem 0; }
.ic-gaps h3 { font-size: 1.05rem; margin-bottom: 0.25rem; }
.ic-gaps li { margin: 0.1rem 0; }
.ic-tag { display: inline-block; font-size: 0.75rem; border-radius: 999px; padding: 0 0.5rem;
  margin-left: 0.4rem; border: 1px solid currentColor; white-space: nowrap; }
.ic-tag-open { color: #b42318; }
.ic-tag-covered { color: #1f7a4d; }
.ic-action .ic-fields { grid-template-columns: repeat(4, minmax(0, 1fr)); }
.ic-action .ic-wide { grid-column: 1 / -1; }
.ic-action .ic-span-2 { grid-column: span 2; }
.ic-action .ic-span-3 { grid-column: span 3; }
.ic-action-head { font-weight: 600; }
.ic-action-head .ic-links { font-weight: 400; font-size: 0.88rem; }
.ic-action-buttons { gap: 0.4rem; margin-top: 0.2rem; }
.ic-root .ic-picker.ic-field { max-width: 62rem; }
.ic-toolbar .ic-view .widget-label { font-size: 0.85rem; font-weight: 600; color: #3a4654; }
.ic-toolbar .ic-view { width: auto; }
.ic-view .widget-toggle-button { width: auto; padding: 0 0.9rem; }
.ic-view .widget-toggle-button.mod-active { background: #2f6f9f; color: #ffffff; }
.ic-primary.widget-button { background: #2f6f9f; color: #ffffff; }
.ic-danger.widget-button { color: #b42318; }
.ic-undo-text { width: auto; }
.ic-grid { display: grid; grid-template-columns: 7rem repeat(3, minmax(0, 1fr)); gap: 4px;
  margin-top: 0.5rem; }
.ic-grid > div { border-radius: 4px; padding: 0.4rem 0.5rem; min-height: 3.5rem; }
.ic-grid .ic-axis { background: none; font-weight: 600; font-size: 0.85rem; min-height: 0;
  align-self: end; }
.ic-grid .ic-row-label { align-self: center; }
.ic-grid .ic-cell { background: #eef2f6; }
.ic-grid .ic-best { background: #dcefe4; }
.ic-grid .ic-cell ul { padding-left: 1rem; font-size: 0.9rem; }
@media (max-width: 900px) {
  .ic-action .ic-fields { grid-template-columns: 1fr 1fr; }
  .ic-action .ic-span-2, .ic-action .ic-span-3 { grid-column: 1 / -1; }
  .ic-fields { grid-template-columns: 1fr; }
}
"""


def style_block(parts: Parts) -> w.HTML:
    """The HTML widget that carries :data:`CSS`; put it once at the top of a view."""
    return parts.html(f"<style>{CSS}</style>", "ic-style")
