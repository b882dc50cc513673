// progtempo web app: the little the pages need beyond htmx. Every page works without it.
// - the import page: drag and drop, the upload's progress, then the import's live progress (server-sent
//   events) and the result, rendered by the server.
"use strict";
document.documentElement.classList.add("js");

(function importPage() {
  const form = document.getElementById("import-form");
  if (!form) return;
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const chosen = document.getElementById("chosen");
  const button = document.getElementById("import-button");
  const box = document.getElementById("progress");
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  const result = document.getElementById("import-result");

  function describe(files) {
    if (!files || !files.length) { chosen.textContent = ""; return; }
    let bytes = 0;
    for (const f of files) bytes += f.size;
    const names = Array.from(files).slice(0, 3).map((f) => f.name).join(", ");
    chosen.textContent = `${files.length} file${files.length === 1 ? "" : "s"} (${(bytes / 1e6).toFixed(1)} MB): ${names}${files.length > 3 ? ", …" : ""}`;
  }
  input.addEventListener("change", () => describe(input.files));
  for (const ev of ["dragenter", "dragover"]) {
    drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const ev of ["dragleave", "drop"]) {
    drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.remove("over"); });
  }
  drop.addEventListener("drop", (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    describe(input.files);
  });

  function show(msg, value, max) {
    box.hidden = false;
    text.textContent = msg;
    if (max) { bar.max = max; bar.value = value; } else { bar.removeAttribute("value"); }
  }

  function counts(d) {
    const failed = (d.failed || []).length;
    const rate = d.rate_per_s ? ` · ${d.rate_per_s.toFixed(1)} files/s` : "";
    return `${d.done || 0} of ${d.total || "?"} files · ${d.imported || 0} new · ${d.duplicates || 0} already in the log · ${failed} failed${rate}`;
  }

  function follow(job) {
    const events = new EventSource(job.events);
    events.addEventListener("progress", (e) => {
      const d = JSON.parse(e.data);
      show(counts(d), d.done || 0, d.total || 0);
    });
    events.addEventListener("done", (e) => {
      events.close();
      const d = JSON.parse(e.data);
      show(counts(d), 1, 1);
      button.disabled = false;
      htmx.ajax("GET", `/import/jobs/${job.job}/result`, { target: result, swap: "innerHTML" });
    });
    events.onerror = () => {
      events.close();
      button.disabled = false;
      htmx.ajax("GET", `/import/jobs/${job.job}/result`, { target: result, swap: "innerHTML" });
    };
  }

  form.addEventListener("submit", (e) => {
    if (!input.files || !input.files.length) { e.preventDefault(); chosen.textContent = "Choose one or more files first."; return; }
    e.preventDefault();
    button.disabled = true;
    result.textContent = "";
    const data = new FormData();
    for (const f of input.files) data.append("files", f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/import/jobs");
    const csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf.content);
    xhr.upload.addEventListener("progress", (p) => {
      if (p.lengthComputable) show(`uploading ${(p.loaded / 1e6).toFixed(1)} of ${(p.total / 1e6).toFixed(1)} MB`, p.loaded, p.total);
    });
    xhr.addEventListener("load", () => {
      let doc = {};
      try { doc = JSON.parse(xhr.responseText); } catch (_) { doc = { error: xhr.statusText }; }
      if (xhr.status !== 202) {
        button.disabled = false;
        box.hidden = true;
        const p = document.createElement("p");
        p.className = "error";
        p.setAttribute("role", "alert");
        p.textContent = doc.error || `the upload failed (${xhr.status})`;
        result.replaceChildren(p);
        return;
      }
      show("importing…", 0, 0);
      follow(doc);
    });
    xhr.addEventListener("error", () => {
      button.disabled = false;
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = "the upload was cut: is the server still running?";
      result.replaceChildren(p);
    });
    xhr.send(data);
  });
})();
