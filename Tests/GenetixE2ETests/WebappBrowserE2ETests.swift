import Foundation
import GenetixCore
import GenetixNet
import GenetixOperations
import GenetixTesting
import Testing

/// Issue 17: the customer webapp in a real browser. A real app node (and its PostgreSQL) serves the site to Debian's
/// headless `chromium`, driven through `chromedriver`'s W3C WebDriver API with the project's own HTTP client:
/// signup → login → a mistyped code (a clear error) → register → the kit's report → GDPR export → erase. The
/// browser's console must stay free of errors (no 401 on the first load, no missing favicon), and no process of the
/// test may outlive it. Chromium missing is a failure, not a skip: `scripts/setup` installs it.
@Suite(.serialized, .enabled(if: E2E.nodesAvailable, "needs `genetix app` in .build/debug/genetix"))
struct WebappBrowserE2ETests {
    /// A valid registration code (Crockford base 32 with its mod-37 check symbol), and the same with two symbols
    /// swapped, as a customer might mistype it.
    static let code = "00J6-HB7H-6NWR"
    static let mistyped = "00J6-HB7H-N6WR"

    @Test func theWholeCustomerJourneyWorksInChromium() async throws {
        try await TemporaryPostgres.with { pg in try await TemporaryDirectory.with(prefix: "browser") { dir in
            let site = try Self.startApp(pg: pg, dir: dir)
            defer { site.node.stopNow() }
            let online = try await E2E.eventually(.seconds(60)) { await site.node.status()?.workers?.first?.state == .online }
            try #require(online, "the app node's worker never came online:\n\(site.node.output)")
            let browser = try await WebDriverSession.start(in: dir)
            do {
                try await Self.journey(browser, site: site.url, downloads: browser.downloads)
            } catch {
                await browser.close()
                Issue.record("the journey stopped: \(error)\napp node:\n\(site.node.output)\nchromedriver:\n\(browser.log)")
                return
            }
            await browser.close()
            #expect(WebDriverSession.processes(mentioning: browser.profile).isEmpty, "chromium outlived the test")
            #expect(WebDriverSession.processes(mentioning: "--port=\(browser.base.split(separator: ":").last ?? "")").isEmpty,
                    "chromedriver outlived the test")
        } }
    }

    /// The journey, step by step, each waiting for what the customer would see.
    static func journey(_ browser: WebDriverSession, site: String, downloads: String) async throws {
        let email = "ada@example.com", password = "correct horse battery"
        try await browser.navigate(site + "/")
        try await waitFor("the sign-up form") { try await browser.isDisplayed("#signup") }
        #expect(try await !browser.isDisplayed("#account"))
        try await expectCleanConsole(browser, "the first load of a logged-out visitor")

        // Sign up: a success message in the success style.
        try await browser.type("#signup input[name=email]", email)
        try await browser.type("#signup input[name=password]", password)
        try await browser.click("#signup button")
        try await waitFor("'Account created'") { try await browser.text("#message").contains("Account created") }
        #expect(try await browser.attribute("#message", "class") == "ok")
        #expect(try await browser.css("#message", "color") == "rgba(42, 122, 95, 1)")

        // Log in: the sign-up and log-in forms leave the screen, the account takes their place.
        try await browser.type("#login input[name=email]", email)
        try await browser.type("#login input[name=password]", password)
        try await browser.click("#login button")
        try await waitFor("the account section") { try await browser.isDisplayed("#account") }
        #expect(try await !browser.isDisplayed("#auth"), "the sign-up and log-in forms stayed on screen after login")
        let signupShown = try await browser.isDisplayed("#signup"), loginShown = try await browser.isDisplayed("#login")
        #expect(!signupShown && !loginShown)
        try await expectCleanConsole(browser, "signup and login")

        // A mistyped code: a clear error, in the error style; the browser logs only that request's 400.
        try await browser.type("#register input[name=code]", mistyped)
        try await browser.click("#register button")
        try await waitFor("the mistyped-code error") { try await browser.text("#message").contains("mistyped") }
        #expect(try await browser.attribute("#message", "class") == "error")
        #expect(try await browser.css("#message", "color") == "rgba(179, 38, 30, 1)")
        let errors = try await browser.consoleEntries().filter { $0.level == "SEVERE" }
        #expect(errors.count == 1 && errors.allSatisfy { $0.message.contains("/api/kits") && $0.message.contains("400") },
                "console after a mistyped code: \(errors)")

        // Register the right code: a success message, the kit listed with a readable time.
        try await browser.type("#register input[name=code]", code)
        try await browser.click("#register button")
        try await waitFor("'Kit … registered'") { try await browser.text("#message").contains("registered") }
        #expect(try await browser.attribute("#message", "class") == "ok")
        let kit = try await browser.text("#kits button")
        #expect(kit.contains(code) && kit.contains("UTC"), "kit entry: \(kit)")
        #expect(!kit.contains("+00") && kit.range(of: #"\d\d:\d\d:\d\d\.\d"#, options: .regularExpression) == nil,
                "the kit's time is raw database text: \(kit)")
        let instant = try await browser.attribute("#kits time", "datetime") ?? ""
        #expect(instant.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil, "datetime: \(instant)")

        // Click the kit: its report shows.
        try await browser.click("#kits button")
        try await waitFor("the kit's report") { try await browser.isDisplayed("#report") }
        let report = try await browser.text("#report")
        #expect(report.contains("Report for kit \(code)") && report.contains("Ancestry") && report.contains("Maternal haplogroup"),
                "report: \(report)")
        try await expectCleanConsole(browser, "registration and the report")

        // GDPR export: the browser saves genetix-export.json with the account and the kit.
        try await browser.click("#export")
        let file = downloads + "/genetix-export.json"
        try await waitFor("the downloaded export") { FileManager.default.fileExists(atPath: file) }
        let export = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        #expect(export["customer"]?["email"]?.stringValue == email)
        guard case .array(let kits)? = export["kits"] else { throw WebDriverError(message: "the export has no kits: \(export)") }
        #expect(kits.count == 1 && kits.first?["code"]?.stringValue == code && kits.first?["report"]?["ancestry"] != nil)
        #expect(try await browser.attribute("#message", "class") == "ok")

        // Erase: confirm the dialog; the account is gone and the visitor is back at the forms.
        try await browser.click("#erase")
        try await waitFor("the confirmation dialog") { try await browser.dialogText() != nil }
        try await browser.acceptDialog()
        try await waitFor("'erased'") { try await browser.text("#message").contains("erased") }
        let authShown = try await browser.isDisplayed("#auth"), accountShown = try await browser.isDisplayed("#account")
        #expect(authShown && !accountShown, "after erase the visitor is back at the sign-up and log-in forms")
        try await expectCleanConsole(browser, "export and erase")
        try await browser.navigate(site + "/")
        try await waitFor("the sign-up form after erase") { try await browser.isDisplayed("#signup") }
        try await browser.type("#login input[name=email]", email)
        try await browser.type("#login input[name=password]", password)
        try await browser.click("#login button")
        try await waitFor("the login refusal of an erased account") { try await browser.text("#message").contains("wrong") }
        #expect(try await !browser.isDisplayed("#account"))
    }

    /// Waits (up to 45 s, generous on a loaded 2-core machine) until `condition` holds; throws naming `what` otherwise.
    static func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
        guard try await E2E.eventually(.seconds(45), condition) else { throw WebDriverError(message: "the browser never showed \(what) within 45 s") }
    }

    /// No console entry at level SEVERE (errors, failed loads such as a 401 or a missing favicon) since the last check.
    static func expectCleanConsole(_ browser: WebDriverSession, _ phase: String) async throws {
        let errors = try await browser.consoleEntries().filter { $0.level == "SEVERE" }
        #expect(errors.isEmpty, "the browser console logged errors during \(phase): \(errors)")
    }

    /// One app node with one worker on a free port, serving the webapp over the temporary PostgreSQL.
    static func startApp(pg: TemporaryPostgres, dir: TemporaryDirectory) throws -> (node: NodeProcess, url: String) {
        let tokens = dir.file("tokens.json"), secrets = dir.file("secrets.json")
        try #"[{"name": "ops", "role": "operator", "secret": "\#(NodeProcess.token)"}]"#.write(toFile: tokens, atomically: true, encoding: .utf8)
        try #"{"codeKey": "\#(String(repeating: "a1", count: 32))", "indexKey": "\#(String(repeating: "b2", count: 32))"}"#
            .write(toFile: secrets, atomically: true, encoding: .utf8)
        let worker = NodeProcess.freePortRange(1)
        let admin = "http://127.0.0.1:\(FreePort.next())"
        let node = try NodeProcess(["app", "--name", "app-web", "--workers", "1", "--listen-base", "127.0.0.1:\(worker)",
                                    "--admin-listen", String(admin.dropFirst(7)), "--admin-tokens", tokens, "--db", pg.conninfo,
                                    "--secrets", secrets], admin: admin, log: dir.file("app.log"))
        return (node, "http://127.0.0.1:\(worker)")
    }
}
