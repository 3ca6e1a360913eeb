extension StaticSite {
    /// The single page of the UI.
    static let html = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Genetix — your DNA, explained</title>
    <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/static/app.css">
    </head>
    <body>
    <header><h1>Genetix</h1><p>Register your kit and read your report.</p>
    <button id="logout" hidden>Log out</button></header>
    <main>
    <section id="auth">
      <form id="signup"><h2>Sign up</h2>
        <label>Email <input name="email" type="email" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="new-password" minlength="10" required></label>
        <button>Create account</button></form>
      <form id="login"><h2>Log in</h2>
        <label>Email <input name="email" type="email" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button>Log in</button></form>
    </section>
    <section id="account" hidden>
      <form id="register"><h2>Register a kit</h2>
        <label>Registration code <input name="code" placeholder="XXXX-XXXX-XXXX" autocomplete="off" required></label>
        <button>Register</button></form>
      <h2>Your kits</h2><ul id="kits"></ul><p id="no-kits" hidden>No kit yet: register the code printed on your kit.</p>
      <article id="report" hidden></article>
      <p><button id="export">Download my data</button> <button id="erase" class="danger">Delete my account</button></p>
    </section>
    <p id="message" role="status" aria-live="polite"></p>
    </main>
    <script src="/static/app.js"></script>
    </body>
    </html>
    """

    /// The stylesheet.
    static let css = """
    :root { --ink: #1d2733; --dim: #5b6b7c; --accent: #2a7a5f; --bad: #b3261e; --bg: #f6f8f7; }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--bg); }
    header { padding: 1rem 2rem; background: var(--accent); color: white; display: flex; gap: 1rem; align-items: baseline; }
    header h1 { margin: 0; } header p { margin: 0; flex: 1; }
    main { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
    #auth { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; }
    form { background: white; padding: 1rem 1.5rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; margin-bottom: 1rem; }
    label { display: block; margin: .5rem 0; color: var(--dim); }
    input { display: block; width: 100%; padding: .5rem; font: inherit; border: 1px solid #c8d0d8; border-radius: 4px; }
    button { font: inherit; padding: .4rem 1rem; border: 0; border-radius: 4px; background: var(--accent); color: white; cursor: pointer; }
    button.danger { background: var(--bad); }
    #kits { padding-left: 0; list-style: none; }
    #kits button { background: none; color: var(--accent); padding: .2rem 0; text-decoration: underline; text-align: left; }
    #kits button[aria-pressed="true"] { font-weight: bold; }
    time { white-space: nowrap; }
    #report { background: white; padding: 1rem 1.5rem; border-radius: 8px; }
    .bar { height: .8rem; background: var(--accent); border-radius: 4px; }
    #message { min-height: 1.5rem; padding: .3rem .6rem; border-radius: 4px; }
    #message.ok { color: var(--accent); background: #e3f2ec; }
    #message.error { color: var(--bad); background: #fbe9e7; }
    @media (max-width: 40rem) { #auth { grid-template-columns: 1fr; } }
    """

    /// The site's icon: a double helix in the accent colour (browsers ask for one on every first load).
    static let favicon = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
    <rect width="32" height="32" rx="6" fill="#2a7a5f"/>
    <path d="M10 4c0 8 12 8 12 16s-12 8-12 8M22 4c0 8-12 8-12 16s12 8 12 8" stroke="#fff" stroke-width="2.5" fill="none"/>
    <path d="M12 9h8M12 23h8M14 16h4" stroke="#fff" stroke-width="2"/>
    </svg>
    """
}
