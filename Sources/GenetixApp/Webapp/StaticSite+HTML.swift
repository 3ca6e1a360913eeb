extension StaticSite {
    /// The single page of the UI.
    static let html = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Genetix — your DNA, explained</title>
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
      <h2>Your kits</h2><ul id="kits"></ul>
      <article id="report" hidden></article>
      <p><button id="export">Download my data</button> <button id="erase" class="danger">Delete my account</button></p>
    </section>
    <p id="message" role="status"></p>
    </main>
    <script src="/static/app.js"></script>
    </body>
    </html>
    """

    /// The stylesheet.
    static let css = """
    :root { --ink: #1d2733; --dim: #5b6b7c; --accent: #2a7a5f; --bad: #b3261e; --bg: #f6f8f7; }
    * { box-sizing: border-box; }
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
    #kits li { cursor: pointer; text-decoration: underline; }
    #report { background: white; padding: 1rem 1.5rem; border-radius: 8px; }
    .bar { height: .8rem; background: var(--accent); border-radius: 4px; }
    #message { color: var(--bad); min-height: 1.5rem; }
    @media (max-width: 40rem) { #auth { grid-template-columns: 1fr; } }
    """
}
