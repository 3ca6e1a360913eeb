import CSystem

/// The name the kernel shows for a thread (`top -H`, `ps -L`, `/proc/PID/task/TID/comm`), so an operator sees which
/// of a node's threads is busy: its event loops, the heap trimmer, the database spawner.
///
/// Foundation's `Thread.name` does not reach the kernel on Linux: without this a thread keeps the name of the one that
/// started it (a loop started from a dispatch queue showed as "oot.default-qos").
public enum ThreadName {
    /// The kernel keeps this many bytes of a name; longer ones are cut there.
    public static let maxBytes = 15

    /// Names the calling thread (cut to `maxBytes` bytes, on a character boundary).
    public static func setCurrent(_ name: String) {
        var cut = ""
        for character in name {
            guard cut.utf8.count + String(character).utf8.count <= maxBytes else { break }
            cut.append(character)
        }
        _ = csystem_set_thread_name(cut)
    }

    /// The calling thread's name as the kernel shows it.
    public static func current() -> String {
        var buffer = [CChar](repeating: 0, count: maxBytes + 1)
        _ = csystem_thread_name(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
