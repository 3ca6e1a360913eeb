extension StaticSite {
    /// The UI's script: talks to the JSON API with the session cookie (HttpOnly, SameSite=Strict).
    static let javascript = """
    "use strict";
    const $ = (id) => document.getElementById(id);
    const say = (text) => { $("message").textContent = text || ""; };

    async function api(method, path, body) {
      const response = await fetch(path, {
        method, credentials: "same-origin",
        headers: body ? { "Content-Type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      const data = text ? JSON.parse(text) : {};
      if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
      return data;
    }

    function formData(form) { return Object.fromEntries(new FormData(form).entries()); }

    function showAccount(signedIn) {
      $("auth").hidden = signedIn; $("account").hidden = !signedIn; $("logout").hidden = !signedIn;
      if (signedIn) loadKits();
    }

    async function loadKits() {
      try {
        const { kits } = await api("GET", "/api/kits");
        const list = $("kits"); list.textContent = "";
        for (const kit of kits) {
          const item = document.createElement("li");
          item.textContent = `Kit ${kit.code} (registered ${kit.registeredAt})`;
          item.onclick = () => showReport(kit.id);
          list.appendChild(item);
        }
        return true;
      } catch (e) { return false; }
    }

    async function showReport(id) {
      const report = await api("GET", `/api/kits/${id}/report`);
      const out = $("report"); out.hidden = false; out.textContent = "";
      const title = document.createElement("h3"); title.textContent = "Ancestry"; out.appendChild(title);
      for (const a of report.ancestry) {
        const row = document.createElement("div");
        row.textContent = `${a.region}: ${a.percent}%`;
        const bar = document.createElement("div"); bar.className = "bar"; bar.style.width = `${a.percent}%`;
        out.append(row, bar);
      }
      const traits = document.createElement("h3"); traits.textContent = "Traits"; out.appendChild(traits);
      for (const t of report.traits) {
        const row = document.createElement("div");
        row.textContent = `${t.name}: ${t.result} (${Math.round(t.confidence * 100)}% confidence)`;
        out.appendChild(row);
      }
      const hg = document.createElement("p"); hg.textContent = `Maternal haplogroup: ${report.maternalHaplogroup}`;
      out.appendChild(hg);
    }

    $("signup").onsubmit = async (event) => {
      event.preventDefault();
      try { await api("POST", "/api/signup", formData(event.target)); say("Account created — now log in."); }
      catch (e) { say(e.message); }
    };
    $("login").onsubmit = async (event) => {
      event.preventDefault();
      try { await api("POST", "/api/login", formData(event.target)); say(""); showAccount(true); }
      catch (e) { say(e.message); }
    };
    $("register").onsubmit = async (event) => {
      event.preventDefault();
      try { await api("POST", "/api/kits", formData(event.target)); event.target.reset(); say("Kit registered."); loadKits(); }
      catch (e) { say(e.message); }
    };
    $("logout").onclick = async () => { await api("POST", "/api/logout").catch(() => {}); showAccount(false); };
    $("export").onclick = async () => {
      const data = await api("GET", "/api/me/export");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      link.download = "genetix-export.json"; link.click();
    };
    $("erase").onclick = async () => {
      if (!confirm("Delete your account, your kits and your reports for good?")) return;
      await api("DELETE", "/api/me"); showAccount(false); say("Your data has been erased.");
    };
    loadKits().then((signedIn) => showAccount(signedIn));
    """
}
