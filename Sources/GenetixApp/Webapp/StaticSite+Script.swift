extension StaticSite {
    /// The UI's script: talks to the JSON API with the session cookie (HttpOnly, SameSite=Strict). It asks
    /// `/api/session` on load (never a 401 for a logged-out visitor), shows successes and errors in their own styles,
    /// and shows database times (`2026-12-02 01:54:33.088972+00`) as local time with UTC beside it.
    static let javascript = """
    "use strict";
    const $ = (id) => document.getElementById(id);
    function say(text, kind) {
      const message = $("message");
      message.textContent = text || "";
      message.className = text ? (kind || "ok") : "";
    }
    const fail = (e) => say(e.message, "error");

    async function api(method, path, body) {
      const response = await fetch(path, {
        method, credentials: "same-origin",
        headers: body ? { "Content-Type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      let data = {};
      try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
      if (!response.ok) throw new Error((data.error && data.error.message) || `${response.status} ${response.statusText}`);
      return data;
    }

    function formData(form) { return Object.fromEntries(new FormData(form).entries()); }

    // PostgreSQL's text form ("2026-12-02 01:54:33.088972+00") or ISO-8601 → a Date, or null.
    function parseTime(text) {
      const m = /^(\\d{4}-\\d\\d-\\d\\d)[ T](\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?(Z|[+-]\\d\\d(?::?\\d\\d)?)?$/.exec(text || "");
      if (!m) return null;
      let zone = m[4] || "Z";
      if (/^[+-]\\d\\d$/.test(zone)) zone += ":00";
      else if (/^[+-]\\d{4}$/.test(zone)) zone = zone.slice(0, 3) + ":" + zone.slice(3);
      const date = new Date(`${m[1]}T${m[2]}${(m[3] || "").slice(0, 4)}${zone}`);
      return isNaN(date) ? null : date;
    }

    // A <time> element: "2 Dec 2026, 02:54 (01:54 UTC)", the exact instant in its datetime attribute.
    function timeElement(text) {
      const element = document.createElement("time");
      const date = parseTime(text);
      if (!date) { element.textContent = text; return element; }
      const local = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      const utc = date.toLocaleTimeString(undefined, { timeZone: "UTC", hour: "2-digit", minute: "2-digit" });
      element.dateTime = date.toISOString();
      element.title = date.toISOString();
      element.textContent = `${local} (${utc} UTC)`;
      return element;
    }

    function showAccount(email) {
      const signedIn = Boolean(email);
      $("auth").hidden = signedIn; $("account").hidden = !signedIn; $("logout").hidden = !signedIn;
      $("report").hidden = true; $("report").textContent = "";
      $("kits").textContent = "";
      if (signedIn) { $("logout").textContent = `Log out ${email}`; return loadKits(); }
      for (const form of document.querySelectorAll("#auth form")) form.reset();
    }

    async function loadKits() {
      try {
        const { kits } = await api("GET", "/api/kits");
        const list = $("kits"); list.textContent = "";
        for (const kit of kits) {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button"; button.className = "kit"; button.dataset.kit = kit.id;
          button.setAttribute("aria-pressed", "false");
          button.append(`Kit ${kit.code}, registered `, timeElement(kit.registeredAt));
          button.onclick = () => showReport(kit, button);
          item.appendChild(button);
          list.appendChild(item);
        }
        $("no-kits").hidden = kits.length > 0;
      } catch (e) { fail(e); }
    }

    async function showReport(kit, button) {
      let report;
      try { report = await api("GET", kit.report || `/api/kits/${kit.id}/report`); } catch (e) { fail(e); return; }
      for (const other of document.querySelectorAll("#kits button")) other.setAttribute("aria-pressed", String(other === button));
      const out = $("report"); out.textContent = ""; out.dataset.kit = kit.id;
      const heading = document.createElement("h3"); heading.textContent = `Report for kit ${kit.code}`; out.appendChild(heading);
      const ancestry = document.createElement("h4"); ancestry.textContent = "Ancestry"; out.appendChild(ancestry);
      for (const a of report.ancestry) {
        const row = document.createElement("div");
        row.textContent = `${a.region}: ${a.percent}%`;
        const bar = document.createElement("div"); bar.className = "bar"; bar.style.width = `${a.percent}%`;
        out.append(row, bar);
      }
      const traits = document.createElement("h4"); traits.textContent = "Traits"; out.appendChild(traits);
      for (const t of report.traits) {
        const row = document.createElement("div");
        row.textContent = `${t.name}: ${t.result} (${Math.round(t.confidence * 100)}% confidence)`;
        out.appendChild(row);
      }
      const hg = document.createElement("p"); hg.textContent = `Maternal haplogroup: ${report.maternalHaplogroup}`;
      out.appendChild(hg);
      out.hidden = false;
      out.scrollIntoView({ block: "nearest" });
      say("");
    }

    $("signup").onsubmit = async (event) => {
      event.preventDefault();
      const form = event.target;
      try {
        const { email } = await api("POST", "/api/signup", formData(form));
        form.reset(); $("login").elements.email.value = email;
        say("Account created. Now log in.", "ok");
      } catch (e) { fail(e); }
    };
    $("login").onsubmit = async (event) => {
      event.preventDefault();
      const fields = formData(event.target);
      try {
        await api("POST", "/api/login", fields);
        say(""); await showAccount(fields.email.trim().toLowerCase());
      } catch (e) { fail(e); }
    };
    $("register").onsubmit = async (event) => {
      event.preventDefault();
      const form = event.target;
      try {
        const kit = await api("POST", "/api/kits", formData(form));
        form.reset(); await loadKits(); say(`Kit ${kit.code} registered. Select it to read its report.`, "ok");
      } catch (e) { fail(e); }
    };
    $("logout").onclick = async () => {
      await api("POST", "/api/logout").catch(() => {});
      showAccount(null); say("You are logged out.", "ok");
    };
    $("export").onclick = async () => {
      try {
        const data = await api("GET", "/api/me/export");
        const link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
        link.download = "genetix-export.json"; link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 60000);
        say(`Your data (${data.kits.length} kit${data.kits.length === 1 ? "" : "s"}) was saved as genetix-export.json.`, "ok");
      } catch (e) { fail(e); }
    };
    $("erase").onclick = async () => {
      if (!confirm("Delete your account, your kits and your reports for good?")) return;
      try { await api("DELETE", "/api/me"); showAccount(null); say("Your account and all its data have been erased.", "ok"); }
      catch (e) { fail(e); }
    };
    api("GET", "/api/session").then((session) => showAccount(session.signedIn ? session.email : null)).catch(fail);
    """
}
