import Foundation
import GenetixCore
import GenetixNet
import GenetixOperations
import GenetixTesting
import Glibc

/// Why a WebDriver call failed: what was asked, and what chromedriver answered.
struct WebDriverError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A headless Debian `chromium` driven by `chromedriver` over the W3C WebDriver HTTP API, spoken with the project's
/// own `HTTPClient` (JSON over HTTP/1.1 on loopback). `start` runs chromedriver in a process group of its own on a free
/// port with a private profile and download folder inside `directory`; `close` ends the browser session, stops
/// chromedriver and kills any process still using that profile, so nothing outlives the test.
final class WebDriverSession: Sendable {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    let driverPid: Int32
    let base: String
    let id: String
    let profile: String
    let downloads: String
    let driverLog: String
    private let http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(30)))

    private init(driverPid: Int32, base: String, id: String, profile: String, downloads: String, driverLog: String) {
        self.driverPid = driverPid
        self.base = base
        self.id = id
        self.profile = profile
        self.downloads = downloads
        self.driverLog = driverLog
    }

    /// Starts chromedriver and a headless chromium session (browser console logged at every level).
    static func start(in directory: TemporaryDirectory) async throws -> WebDriverSession {
        for tool in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw WebDriverError(message: "\(tool) is missing: the browser test needs Debian's chromium and chromium-driver (scripts/setup installs them)")
        }
        let profile = directory.file("chromium-profile"), downloads = directory.file("downloads"), log = directory.file("chromedriver.log")
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        let port = FreePort.next()
        let pid = try ChildProcess.spawn(chromedriver, ["--port=\(port)", "--allowed-ips=127.0.0.1"], logFile: log, newGroup: true)
        let base = "http://127.0.0.1:\(port)"
        let probe = WebDriverSession(driverPid: pid, base: base, id: "", profile: profile, downloads: downloads, driverLog: log)
        do {
            let deadline = ContinuousClock.now + .seconds(30)
            while try await probe.call("GET", "/status", allowFailure: true)?["value"]?["ready"]?.boolValue != true {
                guard ContinuousClock.now < deadline else { throw WebDriverError(message: "chromedriver on \(base) not ready within 30 s:\n\(probe.log)") }
                try await Task.sleep(for: .milliseconds(100))
            }
            let options: JSONValue = .object([
                "binary": .string(chromium),
                "args": .array(["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--window-size=1200,900", "--user-data-dir=\(profile)"].map(JSONValue.string)),
                "prefs": .object(["download.default_directory": .string(downloads), "download.prompt_for_download": .bool(false)]),
            ])
            let capabilities: JSONValue = .object(["capabilities": .object(["alwaysMatch": .object([
                "browserName": .string("chrome"), "goog:chromeOptions": options,
                "goog:loggingPrefs": .object(["browser": .string("ALL")]),
                "unhandledPromptBehavior": .string("ignore"),
            ])])])
            let created = try await probe.call("POST", "/session", capabilities)
            guard let id = created?["value"]?["sessionId"]?.stringValue else {
                throw WebDriverError(message: "chromedriver created no session: \(created.map(\.description) ?? "no body")")
            }
            return WebDriverSession(driverPid: pid, base: base, id: id, profile: profile, downloads: downloads, driverLog: log)
        } catch {
            probe.stopDriver()
            throw error
        }
    }

    /// chromedriver's output, for failure messages.
    var log: String { (try? String(contentsOfFile: driverLog, encoding: .utf8)) ?? "" }

    /// One WebDriver command; its JSON answer. A non-2xx status throws with chromedriver's error text unless
    /// `allowFailure` (then nil).
    @discardableResult
    func call(_ method: String, _ path: String, _ body: JSONValue? = nil, allowFailure: Bool = false) async throws -> JSONValue? {
        let url: HTTPURL
        do { url = try HTTPURL(parsing: base + path) } catch { throw WebDriverError(message: "bad WebDriver URL \(base + path): \(error)") }
        var headers = HTTPHeaders()
        var bytes: [UInt8] = []
        if let body {
            headers.add("Content-Type", "application/json; charset=utf-8")
            bytes = GenetixJSON.encode(body)
        }
        let response: HTTPClientResponse
        do { response = try await http.execute(HTTPClientRequest(method: method, url: url, headers: headers, body: bytes)) } catch {
            if allowFailure { return nil }
            throw WebDriverError(message: "\(method) \(path) to chromedriver failed: \(error)")
        }
        let json = try? JSONValue.parse(response.body)
        guard (200..<300).contains(response.status) else {
            if allowFailure { return nil }
            throw WebDriverError(message: "\(method) \(path) → \(response.status): \(response.text)")
        }
        return json
    }

    private var session: String { "/session/\(id)" }
    /// The key under which WebDriver returns an element reference.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// Opens `url` and waits for the page's load event.
    func navigate(_ url: String) async throws { try await call("POST", session + "/url", .object(["url": .string(url)])) }

    /// The element matching the CSS `selector` (waits up to 30 s for it to exist).
    func element(_ selector: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let found = try await call("POST", session + "/element", .object(["using": .string("css selector"), "value": .string(selector)]),
                                       allowFailure: true)
            if let reference = found?["value"]?[Self.elementKey]?.stringValue { return reference }
            guard ContinuousClock.now < deadline else {
                let url = try await call("GET", session + "/url", allowFailure: true)?["value"]?.stringValue ?? "?"
                throw WebDriverError(message: "no element matches '\(selector)' after 30 s on \(url) (last answer: \(found.map(\.description) ?? "an error"))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func click(_ selector: String) async throws { try await call("POST", session + "/element/\(try await element(selector))/click", .object([:])) }

    func type(_ selector: String, _ text: String) async throws {
        let element = try await element(selector)
        try await call("POST", session + "/element/\(element)/clear", .object([:]))
        try await call("POST", session + "/element/\(element)/value", .object(["text": .string(text)]))
    }

    /// The element's rendered text.
    func text(_ selector: String) async throws -> String {
        try await call("GET", session + "/element/\(try await element(selector))/text")?["value"]?.stringValue ?? ""
    }

    /// Whether the element is rendered (WebDriver's "is displayed": not `display: none`, not zero-sized by hiding).
    func isDisplayed(_ selector: String) async throws -> Bool {
        try await call("GET", session + "/element/\(try await element(selector))/displayed")?["value"]?.boolValue ?? false
    }

    /// The computed value of CSS `property` on the element.
    func css(_ selector: String, _ property: String) async throws -> String {
        try await call("GET", session + "/element/\(try await element(selector))/css/\(property)")?["value"]?.stringValue ?? ""
    }

    func attribute(_ selector: String, _ name: String) async throws -> String? {
        try await call("GET", session + "/element/\(try await element(selector))/attribute/\(name)")?["value"]?.stringValue
    }

    /// The text of the open `alert`/`confirm` dialog, or nil when none is open.
    func dialogText() async throws -> String? {
        try await call("GET", session + "/alert/text", allowFailure: true)?["value"]?.stringValue
    }

    func acceptDialog() async throws { try await call("POST", session + "/alert/accept", .object([:])) }

    /// The browser console's entries since the last call (chromedriver's log endpoint empties its buffer).
    func consoleEntries() async throws -> [(level: String, message: String)] {
        var answer = try await call("POST", session + "/se/log", .object(["type": .string("browser")]), allowFailure: true)
        if answer == nil { answer = try await call("POST", session + "/log", .object(["type": .string("browser")])) }
        guard case .array(let entries)? = answer?["value"] else { return [] }
        return entries.map { ($0["level"]?.stringValue ?? "?", $0["message"]?.stringValue ?? "") }
    }

    /// Ends the browser session, stops chromedriver and kills any process still using the profile.
    func close() async {
        if !id.isEmpty { _ = try? await call("DELETE", session, allowFailure: true) }
        stopDriver()
        await http.shutdown()
    }

    /// SIGTERM then SIGKILL to chromedriver's process group, a reap, and SIGKILL to leftovers holding the profile.
    private func stopDriver() {
        _ = kill(-driverPid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(5)
        var status: Int32 = 0
        while waitpid(driverPid, &status, WNOHANG) == 0, ContinuousClock.now < deadline { usleep(50_000) }
        _ = kill(-driverPid, SIGKILL)
        waitpid(driverPid, &status, WNOHANG)
        for pid in Self.processes(mentioning: profile) { _ = kill(pid, SIGKILL) }
    }

    /// Every process whose command line contains `text` (the test's own chromium profile or port).
    static func processes(mentioning text: String) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                  let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let line = String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(text) ? pid : nil
        }
    }
}
