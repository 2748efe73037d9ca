// 公文起草助手: the pages' small behaviours. Every user text goes into the page with textContent or
// .value, never as HTML. Every change is a POST with the X-Drafter header (the server refuses others).
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function post(url, body) {
  const options = { method: "POST", headers: { "X-Drafter": "1" } };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, options);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {}; }
  if (!response.ok && !data.error) data.error = `请求失败（${response.status}）`;
  return data;
}

function toast(text) {
  const box = $("#toast");
  box.textContent = text;
  box.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.classList.remove("show"), 2500);
}

function showError(node, message) {
  node.textContent = message || "";
  node.hidden = !message;
}

// ------------------------------------------------------------------ 新建: the notes form

const DIGITS = "零一二三四五六七八九";
function chinese(n) {
  if (n < 10) return DIGITS[n];
  if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
  return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : "");
}
function marker(level, i) {
  return [null, `${chinese(i)}、`, `（${chinese(i)}）`, `${i}.`, `（${i}）`][level];
}
const INDICATOR_FIELDS = ["名称", "数值", "单位", "时期", "上期值", "上期", "约数", "章节", "备注"];

function notesPage() {
  let state = JSON.parse($("#form-state").textContent);
  let timer = null;
  const status = $("#save-status");

  // What is typed is kept in the browser at once and on the server within a moment; a page left or
  // reloaded before the server has it sends it again on the next visit, so no keystroke is lost.
  const PENDING = "drafter-notes-pending";
  function save() {
    clearTimeout(timer);
    status.textContent = "正在保存…";
    const sent = JSON.stringify(state);
    localStorage.setItem(PENDING, sent);
    timer = setTimeout(async () => {
      const result = await post("/api/notes", state);
      if (!result.error && localStorage.getItem(PENDING) === sent) localStorage.removeItem(PENDING);
      report(result);
    }, 350);
  }
  const pending = localStorage.getItem(PENDING);
  if (pending) {
    try { state = JSON.parse(pending); save(); } catch (e) { localStorage.removeItem(PENDING); }
  }

  function report(result) {
    $$(".invalid").forEach((n) => n.classList.remove("invalid"));
    $$(".field-error").forEach((n) => (n.textContent = ""));
    if (result.ok) {
      status.textContent = `已保存 · 提要完整：${result.sections} 节，${result.indicators} 项指标`;
      status.dataset.ok = "yes";
      return;
    }
    status.dataset.ok = "no";
    const error = result.error || { key: "", message: "" };
    status.textContent = "已保存 · 尚未完成：" + (error.place ? `${error.place}：` : "") + error.message;
    let key = error.key || "";
    while (key) {
      const target = $(`[data-path="${CSS.escape(key)}"]`);
      if (target) {
        const fold = target.closest("details");
        if (fold) fold.open = true;
        target.classList.add("invalid");
        const holder = target.closest("label, .node, td") || target.parentElement;
        let span = $(":scope > .field-error", holder);
        if (!span) { span = el("span", { class: "field-error" }); holder.append(span); }
        span.textContent = error.message;
        return;
      }
      key = key.replace(/(\.[^.\[\]]+|\[\d+\])$/, "");
    }
    if (!state["提纲"].length) $('[data-path-error="提纲"]').textContent = error.message;
  }

  // basic fields (the optional ones open when they hold something)
  for (const input of $$(".basic [data-path]")) {
    input.value = state[input.dataset.path] || "";
    input.addEventListener("input", () => { state[input.dataset.path] = input.value; save(); });
  }
  if ($$("#more-basic [data-path]").some((input) => input.value)) $("#more-basic").open = true;

  // the outline tree
  function siblings(path) {
    let list = state["提纲"];
    for (const i of path.slice(0, -1)) list = list[i]["小节"] = list[i]["小节"] || [];
    return list;
  }
  function keyOf(path) {
    return "提纲" + path.map((i, d) => (d ? `.小节[${i}]` : `[${i}]`)).join("");
  }
  function blank() { return { "标题": "", "要点": [], "字数": "", "要求": "", "小节": [] }; }

  function move(path, op) {
    const list = siblings(path);
    const i = path[path.length - 1];
    const node = list[i];
    if (op === "up" && i > 0) [list[i - 1], list[i]] = [list[i], list[i - 1]];
    else if (op === "down" && i < list.length - 1) [list[i + 1], list[i]] = [list[i], list[i + 1]];
    else if (op === "indent" && i > 0 && path.length < 4) {
      list.splice(i, 1);
      const parent = list[i - 1];
      (parent["小节"] = parent["小节"] || []).push(node);
    } else if (op === "outdent" && path.length > 1) {
      list.splice(i, 1);
      const parentPath = path.slice(0, -1);
      siblings(parentPath).splice(parentPath[parentPath.length - 1] + 1, 0, node);
    } else if (op === "child" && path.length < 4) {
      (node["小节"] = node["小节"] || []).push(blank());
    } else if (op === "delete") {
      const filled = node["标题"] || (node["要点"] || []).some((f) => f.trim()) || (node["小节"] || []).length;
      if (filled && !confirm(`删除“${node["标题"] || "未命名"}”及其下的要点和小节？`)) return;
      list.splice(i, 1);
    } else return;
    renderOutline();
    save();
  }

  function renderNode(node, path) {
    const level = path.length;
    const key = keyOf(path);
    const heading = el("input", { class: "heading", "data-path": `${key}.标题`, placeholder: "标题", value: node["标题"] || "" });
    heading.addEventListener("input", () => { node["标题"] = heading.value; save(); refreshSections(); });
    const facts = el("textarea", { "data-path": `${key}.要点`, rows: Math.max(2, (node["要点"] || []).length + 1),
                                   placeholder: "要点，每行一条（如：开展科普宣传活动10余次）" });
    facts.value = (node["要点"] || []).join("\n");
    facts.addEventListener("input", () => { node["要点"] = facts.value.split("\n"); save(); });
    const length = el("input", { class: "tiny", "data-path": `${key}.字数`, inputmode: "numeric", placeholder: "字数", value: node["字数"] || "", title: "目标字数（可不填）" });
    length.addEventListener("input", () => { node["字数"] = length.value; save(); });
    const instruction = el("input", { class: "short", "data-path": `${key}.要求`, placeholder: "写作要求（可不填）", value: node["要求"] || "" });
    instruction.addEventListener("input", () => { node["要求"] = instruction.value; save(); });
    const button = (label, op, title) => el("button", { type: "button", class: "small ghost", title, text: label, onclick: () => move(path, op) });
    const children = el("div", { class: "children" });
    (node["小节"] || []).forEach((child, i) => children.append(renderNode(child, [...path, i])));
    return el("div", { class: `node l${level}`, "data-path": key },
      el("div", { class: "node-row" },
        el("span", { class: "num", text: marker(level, path[path.length - 1] + 1) }), heading,
        el("span", { class: "tools" }, button("↑", "up", "上移"), button("↓", "down", "下移"),
          button("←", "outdent", "升一级"), button("→", "indent", "降一级（成为上一节的小节）"),
          level < 4 ? button("＋小节", "child", "添加小节") : null, button("✕", "delete", "删除"))),
      el("div", { class: "node-body" }, facts, el("div", { class: "node-extra" }, length, instruction)),
      children);
  }

  function renderOutline() {
    const root = $("#outline");
    root.replaceChildren(...state["提纲"].map((node, i) => renderNode(node, [i])));
    refreshSections();
  }

  function refreshSections() {
    let list = $("#section-names");
    if (!list) { list = el("datalist", { id: "section-names" }); document.body.append(list); }
    const names = [];
    const walk = (nodes) => nodes.forEach((n) => { if (n["标题"]) names.push(n["标题"]); walk(n["小节"] || []); });
    walk(state["提纲"]);
    list.replaceChildren(...names.map((n) => el("option", { value: n })));
  }

  $("#add-top").addEventListener("click", () => {
    state["提纲"].push(blank());
    renderOutline();
    save();
    $$("#outline > .node").pop().querySelector(".heading").focus();
  });

  // the indicator grid
  function renderIndicators() {
    const body = $("#indicators tbody");
    body.replaceChildren(...state["指标"].map((row, r) => {
      const cells = INDICATOR_FIELDS.map((field) => {
        const input = el("input", { "data-path": `指标[${r}].${field}`, value: row[field] || "", "aria-label": field,
                                    list: field === "约数" ? "approx-words" : field === "章节" ? "section-names" : null,
                                    class: ["名称", "章节"].includes(field) ? "" : "narrow" });
        // a row changed on the page is no longer the row of the uploaded file: its source becomes the page's row
        input.addEventListener("input", () => { row[field] = input.value; delete row["来源"]; save(); });
        return el("td", {}, input);
      });
      const remove = el("button", { type: "button", class: "small ghost", text: "✕", title: "删除这一行",
                                    onclick: () => { state["指标"].splice(r, 1); renderIndicators(); save(); } });
      return el("tr", {}, ...cells, el("td", {}, remove));
    }));
  }
  $("#add-indicator").addEventListener("click", () => {
    state["指标"].push(Object.fromEntries(INDICATOR_FIELDS.map((f) => [f, ""])));
    renderIndicators();
    $$("#indicators tbody tr").pop().querySelector("input").focus();
  });

  // upload
  $("#upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = $("#notes-file").files[0];
    if (!file) { showError($("#upload-error"), "请先选择一个文件"); return; }
    const data = new FormData();
    data.append("file", file);
    const result = await post("/api/notes/upload", data);
    if (result.error && !result.form) { showError($("#upload-error"), result.error); return; }
    showError($("#upload-error"), "");
    if (result.table) {  // an indicator table alone: it fills the 指标 grid; the rest of the form stays
      const rows = state["指标"].filter((row) => INDICATOR_FIELDS.some((f) => String(row[f] || "").trim()));
      if (rows.length && !confirm(`用 ${result.name} 的 ${result.table.length} 项指标替换表中现有的 ${rows.length} 项指标？`)) return;
      state["指标"] = result.table;
      renderIndicators();
      save();
      toast(`已读入 ${result.name} 的 ${result.table.length} 项指标；标题和提纲不变`);
      return;
    }
    clearTimeout(timer);
    localStorage.removeItem(PENDING);  // the server holds the uploaded notes now
    state = result.form;
    for (const input of $$(".basic [data-path]")) input.value = state[input.dataset.path] || "";
    $("#more-basic").open = $$("#more-basic [data-path]").some((input) => input.value);
    renderOutline();
    renderIndicators();
    report(result);
    toast(`已读入 ${file.name}`);
  });

  renderOutline();
  renderIndicators();
  report(JSON.parse($("#form-check").textContent));
}

// ------------------------------------------------------------------ 起草: jobs and their progress

function sectionState(s) {
  if (s.step === "marked") return [`待补充：${s.reason || "没有可用的回复"}`, "flag"];
  if (s.step === "done") {
    if (s.errors) return [`完成，${s.errors} 处存疑`, "flag"];
    return [s.round > 1 ? `完成（修改 ${s.round - 1} 轮）` : "完成", "ok"];
  }
  if (s.step === "waiting") return ["等待", ""];
  if (s.step === "round" && s.errors) return [`第 ${s.round} 稿有 ${s.errors} 处不符，修改中`, "run"];
  return [s.round >= 1 ? `第 ${s.round + 1} 稿起草中` : "起草中", "run"];
}

function updateJob(card, job) {
  card.dataset.status = job.status;
  const badge = $(".badge", card);
  badge.textContent = job.label;
  badge.dataset.status = job.status;
  $(".bar-fill", card).style.width = job.total ? `${Math.round((100 * job.done) / job.total)}%` : "0";
  let line = `${job.done}/${job.total} 节完成`;
  if (job.place !== null && job.place !== undefined) line += `，前面还有 ${job.place} 份在排队`;
  const c = job.counts;  // the same counts as the 审阅 page's legend and its list of unused data
  if (job.status === "done" && c) {
    line += ` · 数字 ${c.figures} 个：错误 ${c.error} 个，提示 ${c.warning} 个`;
    if (c.unverified) line += `，未核实 ${c.unverified} 个`;
    line += `；未使用的数据 ${c.unused} 项`;
  }
  $(".job-line", card).textContent = line;
  showError($(".job-error", card), job.error || "");
  $(".cancel", card).hidden = !["queued", "running"].includes(job.status);
  $(".resume", card).hidden = !job.resumable;
  $(".review-link", card).hidden = job.status !== "done";
  const list = $(".sections", card);
  if (list.children.length !== job.sections.length) {
    list.replaceChildren(...job.sections.map((s) =>
      el("li", { class: `sec l${s.level}`, "data-key": s.key }, el("span", { class: "sec-title", text: s.title }),
         el("span", { class: "sec-state" }))));
  }
  job.sections.forEach((s, i) => {  // only what changed is touched: the page stays light while drafting
    const row = list.children[i];
    const [text, cls] = sectionState(s);
    if (row.dataset.state !== s.step) row.dataset.state = s.step;
    const state = row.lastElementChild;
    if (state.textContent !== text) { state.textContent = text; state.className = `sec-state ${cls}`; }
  });
}

function follow(card) {
  const id = card.dataset.id;
  if (card.source) card.source.close();
  const source = new EventSource(`/api/jobs/${id}/events`);
  card.source = source;
  source.onmessage = (event) => updateJob(card, JSON.parse(event.data));
  source.addEventListener("end", () => source.close());
}

function draftPage() {
  $("#start-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const result = await post("/api/jobs", { backend: form.backend.value, retrieval: form.retrieval.checked });
    if (result.error) { showError($("#start-error"), result.error); return; }
    showError($("#start-error"), "");
    const card = $("#job-template").content.firstElementChild.cloneNode(true);
    card.dataset.id = result.id;
    card.dataset.status = "queued";
    $(".review-link", card).href = `/review/${result.id}`;
    $(".job-title", card).textContent = result.title || "稿件";
    $(".job-meta", card).textContent = form.backend.value === "offline" ? "离线" : "大模型";
    const none = $("#no-jobs");
    if (none) none.remove();
    $("#jobs").prepend(card);
    attach(card);
    follow(card);
  });
  for (const card of $$(".job[data-id]")) {
    attach(card);
    if (["queued", "running"].includes(card.dataset.status)) follow(card);
    else fetch(`/api/jobs/${card.dataset.id}`).then((r) => r.json()).then((job) => updateJob(card, job));
  }
}

function attach(card) {
  $(".cancel", card).addEventListener("click", async () => {
    const result = await post(`/api/jobs/${card.dataset.id}/cancel`);
    if (result.error) toast(result.error); else toast("正在取消：已写完的各节会保留，可以继续起草");
  });
  $(".resume", card).addEventListener("click", async () => {
    const result = await post(`/api/jobs/${card.dataset.id}/resume`);
    if (result.error) { toast(result.error); return; }
    follow(card);
  });
}

// ------------------------------------------------------------------ 审阅 and 核对: figures

function figures() {
  const data = $("#findings");
  if (!data) return;
  const findings = JSON.parse(data.textContent);
  const detail = $("#detail");
  function show(i, scroll) {
    const f = findings[i];
    $$("mark.sel").forEach((m) => m.classList.remove("sel"));
    const mark = $(`#fig-${i}`) || (f.para !== null ? $(`#p-${f.para}`) : null);
    if (mark) {
      if (mark.matches("mark")) mark.classList.add("sel");
      else { mark.classList.remove("flash"); void mark.offsetWidth; mark.classList.add("flash"); }
      if (scroll) mark.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    detail.hidden = false;
    detail.dataset.shade = f.shade;
    $("#d-text").textContent = f.text;
    $("#d-verdict").textContent = `${f.verdict} · ${f.kind_label}`;
    $("#d-message").textContent = f.message || "";
    $("#d-source").textContent = f.source_line;
    $("#d-expected").textContent = f.expected || "";
    $$(".expected", detail).forEach((n) => (n.hidden = !f.expected));
    $("#d-candidates").textContent = (f.candidates || []).join("；");
    $$(".candidates", detail).forEach((n) => (n.hidden = !(f.candidates || []).length));
    $("#d-rule").textContent = f.rule;
  }
  document.addEventListener("click", (event) => {
    const mark = event.target.closest("#paper mark.fig[data-i]");
    if (mark) { show(+mark.dataset.i, false); return; }
    const jump = event.target.closest(".jump[data-i]");
    if (jump) { event.preventDefault(); show(+jump.dataset.i, true); }
  });
  document.addEventListener("keydown", (event) => {
    const mark = event.target.closest && event.target.closest("mark.fig[data-i]");
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(+mark.dataset.i, false); }
  });
}

function renderDiff(root, paragraphs) {
  root.replaceChildren(...paragraphs.map((p) => el(p.role === "heading" ? "h4" : "p", { class: p.role },
    ...p.pieces.map(([text, tag]) => (tag === "same" ? document.createTextNode(text) : el(tag, { text }))))));
}

function reviewPage() {
  figures();
  const layout = $(".layout[data-job]");
  if (!layout) return;
  const job = layout.dataset.job;
  const dialog = $("#rewrite-dialog");
  const form = $("#rewrite-form");
  const said = sessionStorage.getItem("drafter-toast");  // what the last 采用 had to say, after its reload
  if (said) { sessionStorage.removeItem("drafter-toast"); toast(said); }
  let key = null;
  let candidate = null;  // this tab's rewrite: its own id, so another tab's never replaces it
  $$(".rewrite-open").forEach((button) => button.addEventListener("click", () => {
    key = button.dataset.key;
    $("#rw-title").textContent = button.previousElementSibling.textContent;
    form.hidden = false;
    $("#rw-result").hidden = true;
    showError($("#rw-error"), "");
    showError($("#rw-decide-error"), "");
    dialog.showModal();
  }));
  $("#rw-close").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const go = $("#rw-go");
    go.disabled = true;
    go.textContent = "改写中…";
    const result = await post(`/api/jobs/${job}/rewrite`, { key, instruction: form.instruction.value, facts: form.facts.value });
    go.disabled = false;
    go.textContent = "开始改写";
    if (result.error) { showError($("#rw-error"), result.error); return; }
    candidate = result.candidate;
    form.hidden = true;
    $("#rw-result").hidden = false;
    $("#rw-to-notes-row").hidden = !result.facts.length;
    $("#rw-accept").disabled = false;
    renderDiff($("#rw-old"), result.old);
    renderDiff($("#rw-new"), result.new);
    let note = result.changed ? "红色删除线为删去的文字，绿色为新增的文字。" : result.notice ? "" : "改写结果与原文相同。";
    if (result.flagged.length) note += ` 改写后有 ${result.flagged.length} 个数字存疑：` + result.flagged.map((f) => `${f.text}（${f.kind_label}）`).join("、");
    $("#rw-note").textContent = note;
    showError($("#rw-notice"), result.notice || "");  // what of the instruction was not done, said plainly
  });
  $("#rw-accept").addEventListener("click", async () => {
    const toNotes = !$("#rw-to-notes-row").hidden && $("#rw-to-notes").checked;
    const result = await post(`/api/jobs/${job}/rewrites/${candidate}/accept`, { to_notes: toNotes });
    if (result.error) { showError($("#rw-decide-error"), result.error); $("#rw-accept").disabled = true; return; }
    sessionStorage.setItem("drafter-toast", result.notes ? `已采用改写；${result.notes}` : "已采用改写");
    location.reload();
  });
  $("#rw-discard").addEventListener("click", async () => {
    if (candidate) await post(`/api/jobs/${job}/rewrites/${candidate}/discard`);
    candidate = null;
    dialog.close();
    toast("已放弃改写，原文未变");
  });
}

function checkPage() {
  figures();
  $("#check-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    if (!form.text.files[0] || !form.data.files[0]) {
      const shown = $("#check-result") ? "（下面是上一次核对的结果）" : "";
      showError($("#check-error"), `请选择要核对的文稿和数据文件${shown}`);
      return;
    }
    const button = $("button[type=submit]", form);
    button.disabled = true;
    button.textContent = "核对中…";
    showError($("#check-error"), "");
    const result = await post("/api/checks", new FormData(form));
    button.disabled = false;
    button.textContent = "开始核对";
    if (result.error) {
      // the result on the page is of another check: it goes, so it is never read as this one's answer
      const old = $("#check-result");
      if (old) { old.remove(); history.replaceState(null, "", "/check"); document.title = "核对文稿 · 公文起草助手"; }
      showError($("#check-error"), result.error);
      return;
    }
    location.href = `/check/${result.id}`;
  });
}

// a file picker labelled in Chinese: the chosen file's name beside it
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches || !input.matches("label.file input[type=file]")) return;
  const name = input.closest("label").parentElement.querySelector(".file-name");
  if (name) name.textContent = input.files.length ? input.files[0].name : "未选择文件";
});

const PAGES = { notes: notesPage, draft: draftPage, review: reviewPage, check: checkPage };
(PAGES[document.body.dataset.page] || (() => {}))();
