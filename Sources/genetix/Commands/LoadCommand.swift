import Foundation
import GenetixAdmin
import GenetixCommandLine
import GenetixCore
import GenetixOperations

/// `genetix load --rps N --target URL [--duration S] [--mix mixed|get|post|signup] [--json] [--record FILE]`: the built-in load generator.
enum LoadCommand: Command {
    static let spec = CommandSpec(
        name: "load",
        abstract: "Send a gentle, bounded load to the webapp: pages, static files, signups, logins, kit registrations, reports.",
        discussion: "Runs until --duration passes or SIGINT/SIGTERM, then prints counts, statuses and latencies per kind of request.",
        options: [
            OptionSpec("rps", valueName: "n", help: "Requests per second.", defaultValue: "5"),
            OptionSpec("target", valueName: "url", help: "Base URL, usually the balancer (its https:// address with --ca when it has a TLS listener: plain HTTP then refuses API calls).", defaultValue: "http://127.0.0.1:8080"),
            OptionSpec("duration", valueName: "duration", help: "Stop after this long (e.g. 30s); default: until interrupted."),
            OptionSpec("max-in-flight", valueName: "n", help: "Requests in flight at most; ticks beyond are skipped and counted.", defaultValue: "64"),
            OptionSpec("timeout", valueName: "duration", help: "Time allowed per request.", defaultValue: "5s"),
            OptionSpec("ca", valueName: "pem", help: "CA certificate to trust for an https target."),
            OptionSpec("record", valueName: "file", help: "Write every response as a JSON line {time, kind, method, status, ms, error, id, created}."),
            OptionSpec("mix", valueName: "mix", help: "mixed (pages, files, accounts, kits), get (pages and files only), post (signups and kit registrations), signup (signups only).",
                       defaultValue: "mixed"),
        ],
        flags: [OutputMode.jsonFlag(help: "Print the summary as JSON; the same as --output json.")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        SignalWaiter.ignoreSIGPIPE()
        let mixName = try arguments.string("mix")
        guard let mix = LoadMix(rawValue: mixName) else {
            throw OperationError.invalidArgument("--mix \(mixName) is not one of \(LoadMix.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let settings = LoadGenerator.Settings(target: try arguments.string("target"), rps: try arguments.double("rps", in: 0...1_000_000),
                                              duration: try arguments.optionalDuration("duration"),
                                              maxInFlight: try arguments.int("max-in-flight", in: 1...100_000), timeout: try arguments.duration("timeout"),
                                              caFile: try arguments.optionalString("ca"), mix: mix)
        var recorder: (@Sendable (LoadStatistics.Sample) -> Void)?
        if let path = try arguments.optionalString("record") {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw OperationError.invalidArgument("--record: cannot create \(path)")
            }
            let writer = RecordWriter(handle: handle)
            recorder = { writer.write($0) }
        }
        OperationsCommandSupport.verbose("load: \(settings.rps) requests/s to \(settings.target), mix \(mix.rawValue)")
        let generator = try LoadGenerator(settings: settings, statistics: LoadStatistics(recorder: recorder))
        let run = Task { await generator.run() }
        let stopper = Task {
            _ = await SignalWaiter.wait()
            run.cancel()
        }
        let summary = await run.value
        stopper.cancel()
        OperationsCommandSupport.out(OperationsCommandSupport.mode.isJSON ? String(decoding: GenetixJSON.encode(summary, pretty: true), as: UTF8.self) + "\n"
                                     : summary.text())
        return 0
    }
}

/// Appends samples to the `--record` file as JSON lines.
final class RecordWriter: Sendable {
    private let handle: FileHandle
    private let queue = DispatchQueue(label: "genetix.load.record")
    init(handle: FileHandle) { self.handle = handle }
    func write(_ sample: LoadStatistics.Sample) {
        let line = GenetixJSON.encode(sample) + [0x0A]
        queue.async { [handle] in handle.write(Data(line)) }
    }
}
