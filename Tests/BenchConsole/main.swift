import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations

/// `scripts/bench.d/console`: how long the console takes to build one frame. Watches the cluster of a console
/// configuration for a few seconds (real data, as `genetix console` sees it), then renders `frames` frames of
/// every main screen at 160×48 — the views into a screen buffer plus the diff against the previous frame, i.e. all
/// the work of a frame except ncurses writing the changed cells — and prints the timings.
///
/// Usage: genetix-bench-console CONFIG [FRAMES]
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: genetix-bench-console CONFIG [FRAMES]\n".utf8))
    exit(64)
}
let frames = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
let config = try OperatorConfigLoader().load(path: arguments[1])
let model = ClusterModel(cluster: try ClusterClient(config: config), refreshInterval: .milliseconds(500))
await model.start()
try await Task.sleep(for: .seconds(4))
await model.stop()
let snapshot = await model.snapshot()
let size = TerminalSize(rows: 48, columns: 160)

/// Renders `frames` frames of one screen (reached by `keys` from the overview) and returns the durations in ms.
/// Changed runs over all frames, printed so the diff cannot be optimised away.
nonisolated(unsafe) var changedRuns = 0  // only touched from the main code, one frame after another

func measure(_ keys: [Key]) -> [Double] {
    var controller = ConsoleController(snapshot: snapshot, size: size)
    for key in keys { _ = controller.handle(.key(key)) }
    var previous: ScreenBuffer? = nil
    var times: [Double] = []
    times.reserveCapacity(frames)
    let clock = ContinuousClock()
    for _ in 0..<frames {
        let elapsed = clock.measure {
            controller.update(snapshot)
            let frame = controller.render(theme: .builtinDefault)
            changedRuns += frame.changes(from: previous).count
            previous = frame
        }
        let c = elapsed.components
        times.append(Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15)
    }
    return times
}

func report(_ name: String, _ times: [Double]) {
    let sorted = times.sorted()
    let mean = times.reduce(0, +) / Double(times.count)
    let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    print(String(format: "render %@ 160x48: mean %.3f ms, median %.3f ms, p99 %.3f ms, max %.3f ms over %d frames",
                 name, mean, sorted[sorted.count / 2], p99, sorted.last ?? 0, times.count))
}

print("nodes with data: \(snapshot.nodes.filter { $0.status != nil }.count) of \(snapshot.nodes.count), log lines \(snapshot.logs.count)")
report("overview", measure([]))
report("node detail (app-1)", measure([.character("j"), .enter]))
report("logs", measure([.character("l")]))
report("timeline", measure([.character("t")]))
report("help", measure([.character("?")]))
print("changed runs drawn: \(changedRuns)")
