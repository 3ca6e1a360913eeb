import Dispatch
import Foundation
import GenetixCore
import Glibc
import Synchronization
import GenetixOperations

/// The console's run loop: one task consumes terminal events, model changes, a clock tick and operation results in
/// order, updates the controller, and draws a frame at once for a key and at most once per refresh interval for poll
/// results.
public final class ConsoleApp: Sendable {
    /// What the loop reacts to.
    enum Event: Sendable {
        case terminal(TerminalEvent)
        case modelChanged
        case render
        case tick
        case preflight(ClusterAction, PreflightReport)
        case finished(ClusterAction, ActionEnding)
        case signal
        case terminalClosed
    }

    private let contexts: [ConsoleContext]
    private let refreshInterval: Duration
    private let terminal: any Terminal
    private let themes: ThemeLoader
    private let initialTheme: Theme
    private let startupMessage: String?
    private let environment: [String: String]

    /// A console over the first of `contexts` (`:ctx NAME` switches), polling every `refreshInterval`, drawing on
    /// `terminal`.
    public init(contexts: [ConsoleContext], refreshInterval: Duration, terminal: any Terminal, themes: ThemeLoader, theme: Theme,
                startupMessage: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        precondition(!contexts.isEmpty, "a console needs at least one context")
        self.contexts = contexts
        self.refreshInterval = refreshInterval
        self.terminal = terminal
        self.themes = themes
        self.initialTheme = theme
        self.startupMessage = startupMessage
        self.environment = environment
    }

    /// Runs until the operator quits or SIGINT/SIGTERM arrives; the terminal is restored before returning.
    public func run() async {
        let (stream, sink) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(1024))
        let pendingRender = PendingFlag()
        var active = 0
        var model = ClusterModel(cluster: contexts[0].cluster, refreshInterval: refreshInterval)
        var operations = contexts[0].operations
        func attach(_ model: ClusterModel) async {
            await model.setChangeHandler {
                if pendingRender.raise() { sink.yield(.modelChanged) }
            }
            await model.start()
        }
        await attach(model)
        let signals = Self.watchSignals { sink.yield(.signal) }
        let inputTask = Task { [terminal] in
            for await event in terminal.events { sink.yield(.terminal(event)) }
            sink.yield(.terminalClosed)
        }
        let tickTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                sink.yield(.tick)
            }
        }
        var theme = initialTheme.reduced(to: terminal.colorDepth)
        var state = ViewState()
        state.readOnlyReason = contexts[0].readOnlyReason
        state.themeName = theme.name
        state.asciiGraphs = !Self.localeHasUTF8(environment)
        if contexts.count > 1 { state.contextName = contexts[0].name }
        var controller = ConsoleController(snapshot: await model.snapshot(), state: state, themes: themes.availableThemes(),
                                           size: terminal.size)
        controller.contexts = contexts.map(\.name)
        if let startupMessage { controller.flash(startupMessage, .warn) }
        var lastDraw = ContinuousClock.now - .seconds(1)
        // The last frame drawn from the model's snapshot (a key's frame draws from the controller's).
        var lastModelDraw = lastDraw
        var ticks = 0
        // The node whose detail screen is open, as last told to the model (`setFocus`).
        var focused: String?
        // Poll results arrive spread over each refresh interval (every node on its own schedule, status then logs then
        // events): drawing them at most once per refresh interval (a poll result waits at most that long to show, as in
        // htop) keeps the console near idle — a frame is most of its work — while keys draw at once.
        func frameInterval() -> Duration {
            min(max(controller.snapshot.refreshInterval, .milliseconds(100)), .seconds(1))
        }

        loop: for await event in stream {
            var effects: [ConsoleEffect] = []
            var drawNow = false
            // A key draws from the snapshot the controller already holds: no wait on the model's actor, which
            // may be busy taking in a poll result.
            var keyOnly = false
            switch event {
            case .terminal(let terminalEvent):
                if case .mouse(let mouse) = terminalEvent, mouse.kind == .click {
                    if let target = controller.render(theme: theme).rowTargets[mouse.row] { controller.click(target: target) }
                } else {
                    effects = controller.handle(terminalEvent)
                }
                drawNow = true
                keyOnly = true
            case .modelChanged:
                // Coalesce bursts of poll results into one frame per interval.
                let wait = frameInterval() - (ContinuousClock.now - lastModelDraw)
                if wait > .zero {
                    Task { try? await Task.sleep(for: wait); sink.yield(.render) }
                    continue loop
                }
                pendingRender.lower()
                drawNow = true
            case .render:
                pendingRender.lower()
                // The clock tick may have drawn the model since this frame was planned: then it waits for the next
                // change or tick (≤ 1 s) instead of drawing the same picture again.
                drawNow = ContinuousClock.now - lastModelDraw >= frameInterval() / 2
            case .tick:
                // The header's clock moves every second: draw unless a frame went out within the last 0.9 s anyway.
                drawNow = ContinuousClock.now - lastDraw >= .milliseconds(900)
                ticks &+= 1
                // Every 10 s, hand freed heap pages back to the kernel: a burst of logs decoded and dropped would
                // otherwise stay resident for the console's lifetime.
                if ticks % 10 == 0 { HeapTrimmer.trimNow() }
            case .preflight(let action, let preflight):
                controller.preflightArrived(for: action, preflight)
                drawNow = true
            case .finished(let action, let outcome):
                let entry = controller.finished(action, outcome, at: Date())
                await model.record(entry)
                drawNow = true
            case .signal, .terminalClosed:
                break loop
            }
            // The node on the detail screen is the one the model reads with the host's figures.
            let detail: String? = if case .detail(let name) = controller.state.screen { name } else { nil }
            if detail != focused {
                focused = detail
                Task { [model] in await model.setFocus(detail) }
            }
            for effect in effects {
                switch effect {
                case .quit: break loop
                case .preflight(let action):
                    if let operations {
                        Task { sink.yield(.preflight(action, await Self.preflight(action, with: operations))) }
                    }
                case .perform(let action, let preflight):
                    if let operations {
                        let model = model
                        Task {
                            sink.yield(.finished(action, await Self.perform(action, checked: preflight, with: operations)))
                            await model.pollNow(action.node)
                        }
                    }
                case .force(let action):
                    if let operations {
                        let model = model
                        Task {
                            sink.yield(.finished(action, await Self.force(action, with: operations)))
                            await model.pollNow(action.node)
                        }
                    }
                case .switchContext(let name):
                    guard let index = contexts.firstIndex(where: { $0.name == name }), index != active else {
                        controller.flash(contexts[active].name == name ? "Already watching \(name)" : "No context \(name)", .warn)
                        break
                    }
                    let interval = await model.refreshInterval
                    await model.stop()
                    active = index
                    model = ClusterModel(cluster: contexts[index].cluster, refreshInterval: interval)
                    focused = nil
                    operations = contexts[index].operations
                    await attach(model)
                    controller.switchContext(to: name, snapshot: await model.snapshot(), readOnlyReason: contexts[index].readOnlyReason)
                    keyOnly = false
                case .setRefresh(let interval):
                    let applied = await model.setRefreshInterval(interval)
                    keyOnly = false  // the header shows the model's interval
                    controller.flash("Refreshing every \(Format.interval(applied))")
                case .setTheme(let name):
                    if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
                        controller.flash("NO_COLOR is set: staying monochrome", .warn)
                        break
                    }
                    do {
                        theme = try themes.load(named: name).reduced(to: terminal.colorDepth)
                        controller.state.themeName = name
                        controller.flash("Theme \(name)")
                    } catch { controller.flash(error.description, .crit) }
                case .saveLogs:
                    controller.flash(save(LogsView.filteredEntries(controller.snapshot, controller.state.logs)
                        .map { LogsView.line($0, timestamps: true, zone: controller.state.zone) }.joined(separator: "\n") + "\n",
                        prefix: "genetix-logs", ext: "log"))
                case .writeIncident:
                    controller.flash(save(IncidentReport.markdown(controller.snapshot, zone: controller.state.zone),
                                          prefix: "genetix-incident", ext: "md"))
                }
            }
            if drawNow {
                controller.size = terminal.size
                if !keyOnly { controller.update(await model.snapshot()) }
                terminal.draw(controller.render(theme: theme))
                lastDraw = .now
                if !keyOnly { lastModelDraw = lastDraw }
            }
        }
        tickTask.cancel()
        inputTask.cancel()
        signals.forEach { $0.cancel() }
        terminal.shutdown()
        await model.stop()
    }

    /// Whether the locale (`LC_ALL`, else `LC_CTYPE`, else `LANG`) is UTF-8; without it graphs are drawn in ASCII.
    public static func localeHasUTF8(_ environment: [String: String]) -> Bool {
        let locale = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }

    /// The preflight of an action, for its dialog (`ConsoleEffect.preflight`).
    public static func preflight(_ action: ClusterAction, with operations: any ActionRunning) async -> PreflightReport {
        await operations.preflight(action)
    }

    /// A confirmed action (`ConsoleEffect.perform`) run through the operations layer, and how it ended: a 403 from a
    /// viewer token ends `.forbidden`, which turns the console's actions off.
    public static func perform(_ action: ClusterAction, checked preflight: PreflightReport, with operations: any ActionRunning) async -> ActionEnding {
        do throws(OperationError) {
            return .done(try await operations.perform(action, checked: preflight))
        } catch {
            return ActionEnding(error)
        }
    }

    /// The override of a refusal (`ConsoleEffect.force`) run as its headless command runs it: the forced action's own
    /// preflight, then the action against it (a blocker that force does not lift still refuses it).
    public static func force(_ action: ClusterAction, with operations: any ActionRunning) async -> ActionEnding {
        await perform(action, checked: await operations.preflight(action), with: operations)
    }

    /// Writes text to a new file in the current directory; returns the message to flash.
    private func save(_ text: String, prefix: String, ext: String) -> String {
        let stamp = Format.dateTime(Date(), zone: .local).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: " ", with: "-")
        let path = FileManager.default.currentDirectoryPath + "/\(prefix)-\(stamp).\(ext)"
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return "Wrote \(path)"
        } catch {
            return "Could not write \(path): \(error.localizedDescription)"
        }
    }

    /// SIGINT and SIGTERM end the loop (so the terminal is restored) instead of killing the process.
    private static func watchSignals(_ handler: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }
}

/// A flag raised by the model's change handler and lowered when a frame is drawn, so bursts post one event.
final class PendingFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Raises the flag; true when it was down (the caller should post an event).
    func raise() -> Bool { !flag.exchange(true, ordering: .acquiringAndReleasing) }
    func lower() { flag.store(false, ordering: .releasing) }
}
