"""CSS of the composed pages: session bar, forms, dashboard, files. Classes start ``ic-``."""

from __future__ import annotations

import ipywidgets as w

APP_CSS = """
.ic-app { max-width: 72rem; width: 100%; box-sizing: border-box; padding: 0.5rem 0.75rem 2rem;
  color: #1f2933; font-size: 14px; line-height: 1.45; }
.ic-app .widget-html-content { white-space: normal; line-height: 1.45; overflow-wrap: anywhere; }
.ic-app .widget-html, .ic-app .widget-html-content { height: auto; }
.ic-app .ic-root { padding-left: 0; padding-right: 0; max-width: none; }
.ic-session-bar { border-bottom: 2px solid #2f6f9f; padding: 0.4rem 0 0.6rem; margin-bottom: 0.6rem;
  gap: 0.3rem; }
.ic-session-title { font-size: 1.3rem; font-weight: 650; }
.ic-session-title .ic-muted { font-size: 1rem; font-weight: 400; margin-left: 0.4rem; }
.ic-muted { color: #5f6b7a; }
.ic-code { font-family: ui-monospace, monospace; letter-spacing: 0.08em; color: #1f2933;
  white-space: nowrap; }
.ic-personal-link { background: #f3f7fb; border: 1px solid #cfdbe7; border-radius: 6px;
  padding: 0.5rem 0.75rem; }
.ic-personal-link a { font-weight: 600; color: #1f5a85; margin-right: 0.5rem; }
.ic-copy-link { border: 1px solid #2f6f9f; background: #ffffff; color: #1f5a85; border-radius: 4px;
  padding: 0.15rem 0.6rem; cursor: pointer; font: inherit; }
.ic-copy-link:focus-visible { outline: 2px solid #2f6f9f; outline-offset: 2px; }
.ic-form { max-width: 36rem; gap: 0.5rem; padding: 1.25rem 1.5rem; margin: 1.5rem 0;
  border: 1px solid #dde3ea; border-radius: 8px; background: #fbfcfd; }
.ic-form h2 { font-size: 1.45rem; font-weight: 650; margin: 0 0 0.3rem; }
.ic-form p { margin: 0 0 0.4rem; }
.ic-form .widget-label { font-weight: 600; color: #3a4654; }
.ic-form .jupyter-button { margin-top: 0.4rem; }
/* On a phone a form's labels go above their fields, which then have the whole width. */
@media (max-width: 480px) {
  .ic-form .widget-inline-hbox { flex-wrap: wrap; height: auto; }
  .ic-form .widget-dropdown > select { height: var(--jp-widgets-inline-height, 28px); }
  .ic-form .widget-inline-hbox > .widget-label { width: 100% !important; max-width: none;
    text-align: left; }
  .ic-form .widget-inline-hbox > input, .ic-form .widget-inline-hbox > select {
    flex: 1 1 100%; }
}
.ic-problem { color: #9b1c1c; font-weight: 600; margin: 0.3rem 0; }
.ic-notice { background: #eef7f1; border-left: 4px solid #2e7d4f; padding: 0.5rem 0.75rem;
  margin: 0.4rem 0; }
/* ipywidgets greys inactive tabs below a readable contrast. */
.ic-app .lm-TabBar-tab { flex: 0 0 auto !important; min-width: 8rem; max-width: none !important;
  font-size: 0.95rem; color: #1f2933 !important; background: #e9eef3 !important; }
.ic-app .lm-TabBar-tab.lm-mod-current { background: #ffffff !important; font-weight: 600; }
.ic-controls { gap: 0.5rem; align-items: center; flex-wrap: wrap; margin: 0.3rem 0 0.6rem; }
.ic-controls > .widget-html { width: auto; margin-left: auto; }
.ic-people { gap: 0.6rem; margin-top: 1rem; padding-top: 0.6rem; border-top: 1px solid #dde3ea; }
.ic-people .widget-hbox { gap: 0.75rem; align-items: center; flex-wrap: wrap; }
.ic-people h4 { margin: 0.4rem 0 0.2rem; }
.ic-duplicate-box { background: #fff8e6; border-left: 4px solid #b7791f; padding: 0.5rem 0.75rem;
  gap: 0.3rem; }
.ic-duplicate { margin: 0; }
.ic-confirmation { background: #fdf1f1; border-left: 4px solid #9b1c1c; padding: 0.5rem 0.75rem;
  gap: 0.3rem; }
.ic-question { margin: 0; font-weight: 600; }
.ic-table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.92rem; }
.ic-table th { text-align: left; font-weight: 600; color: #3a4654; border-bottom: 2px solid #cfd8e3;
  padding: 0.35rem 0.5rem; }
.ic-table td { border-bottom: 1px solid #e6ebf0; padding: 0.35rem 0.5rem; vertical-align: top; }
/* On a phone a table scrolls sideways rather than breaking its words letter by letter. */
.ic-app .ic-table th, .ic-app .ic-table td { overflow-wrap: normal; }
.ic-app .widget-html-content:has(.ic-table) { overflow-x: auto; }
.ic-meter { display: inline-block; width: 6rem; height: 0.5rem; background: #e6ebf0;
  border-radius: 3px; overflow: hidden; vertical-align: middle; margin-right: 0.4rem; }
.ic-meter > span { display: block; height: 100%; background: #2f6f9f; }
.ic-chart svg { max-width: 100%; height: auto; }
/* A chart shrinks with its box down to readable text; on a phone it keeps its own size
   and scrolls sideways inside its box, never the page. */
div.ic-chart { overflow-x: auto; max-width: 100%; }
div.ic-chart-narrow { display: none; }
@media (max-width: 700px) {
  .ic-chart svg { max-width: none; }
  div.ic-chart-wide { display: none; }
  div.ic-chart-narrow { display: block; }
}
.ic-empty { color: #5f6b7a; font-style: italic; padding: 1rem 0; }
.ic-disputed { border: 1px solid #dde3ea; border-radius: 6px; padding: 0.7rem 0.9rem;
  margin: 0 0 0.8rem; background: #fbfcfd; }
.ic-disputed h4 { font-size: 1.02rem; font-weight: 650; margin: 0 0 0.2rem; }
.ic-rank { display: inline-block; min-width: 1.5rem; text-align: center; background: #c2410c;
  color: #ffffff; border-radius: 4px; margin-right: 0.3rem; }
.ic-spread { font-size: 0.85rem; color: #5f6b7a; margin: 0 0 0.4rem; }
.ic-dist { display: grid; gap: 2px; max-width: 34rem; margin-bottom: 0.5rem; }
.ic-dist-row { display: grid; grid-template-columns: 12rem 1fr 2rem; align-items: center;
  gap: 0.5rem; font-size: 0.85rem; }
.ic-dist-fill { display: block; height: 0.7rem; background: #2f6f9f; border-radius: 2px;
  min-width: 1px; }
.ic-dist-count { text-align: right; font-variant-numeric: tabular-nums; }
.ic-notes { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
  gap: 0.5rem; }
.ic-note { margin: 0; background: #ffffff; border: 1px solid #e1e7ee;
  border-left: 3px solid #2f6f9f; border-radius: 4px; padding: 0.4rem 0.6rem; }
.ic-note p { margin: 0 0 0.2rem; white-space: pre-wrap; }
.ic-note footer { font-size: 0.8rem; color: #5f6b7a; }
.ic-up { color: #1d5e3a; font-weight: 600; }
.ic-down { color: #9b1c1c; font-weight: 600; }
.ic-open-gaps { background: #fff7ed; border-left: 4px solid #c2410c; padding: 0.5rem 0.75rem;
  margin: 0.3rem 0 0.8rem; }
.ic-files { gap: 0.5rem; padding: 0.5rem 0; }
.ic-files .jupyter-button, .ic-form .jupyter-button, .ic-files .widget-upload {
  width: auto; align-self: flex-start; padding: 0 1.2rem; }
.ic-download-list { list-style: none; padding: 0; margin: 0.3rem 0; }
.ic-download-list li { margin: 0.35rem 0; }
.ic-download { font-weight: 600; color: #1f5a85; }
.ic-download-primary { font-size: 1.05rem; }
.ic-group-view h4 { margin: 0.6rem 0 0.2rem; }
.ic-mine .ic-dist-label { font-weight: 700; }
.ic-mine .ic-dist-fill { background: #c2410c; }
.ic-banner { background: #fff7ed; border-left: 4px solid #c2410c; padding: 0.5rem 0.75rem;
  margin: 0 0 0.6rem; font-weight: 600; }
.ic-app .ic-start-new, .ic-app .ic-start-followup-form { max-width: 48rem; }
.ic-created { max-width: 48rem; }
.ic-created h3 { margin: 0 0 0.3rem; }
.ic-created a, .ic-invite a { color: #1f5a85; font-weight: 600; text-decoration: underline; }
.ic-invite-box { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start;
  background: #f3f7fb; border: 1px solid #cfdbe7; border-radius: 6px; padding: 0.6rem 0.9rem;
  margin: 0.3rem 0 0.6rem; }
.ic-invite-text { flex: 1 1 22rem; min-width: 0; }
.ic-invite-text h4 { margin: 0 0 0.3rem; font-size: 1.05rem; }
.ic-invite-link { overflow-wrap: anywhere; }
.ic-invite-warning { background: #fff7ed; border-left: 4px solid #c2410c; padding: 0.3rem 0.6rem; }
.ic-qr svg { display: block; background: #ffffff; }
.ic-key-field { font-family: ui-monospace, monospace; font-size: 1rem; padding: 0.15rem 0.4rem;
  width: 14rem; max-width: 100%; }
.ic-session-top { flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 0.25rem 1rem; }
.ic-session-top > .widget-html { flex: 1 1 16rem; min-width: 0; }
.ic-language, .ic-report-language { width: auto; flex: 0 0 auto; align-self: flex-start; }
@media (max-width: 900px) {
  .ic-dist-row { grid-template-columns: 8rem 1fr 2rem; }
}
/* Tabs that do not fit wrap to a second row rather than run off the screen: the
   facilitator has ten at 1024 px, and some languages' words are long ("Pašnovērtējums",
   "Αυτοαξιολόγηση"). */
.ic-app .lm-TabBar { min-height: max-content !important; max-height: none !important; }
.ic-app .lm-TabBar-content { flex-wrap: wrap; }
@media (max-width: 600px) {
  .ic-app .lm-TabBar-tab { min-width: 0; }
}
"""


def app_stylesheet() -> w.HTML:
    """The HTML widget carrying :data:`APP_CSS`; the apps put it once at the top."""
    block = w.HTML(f"<style>{APP_CSS}</style>")
    block.add_class("ic-style")
    return block
