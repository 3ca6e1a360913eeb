import GenetixCore

/// Entry point of the `genetix` executable.
@main
struct GenetixMain {
    static func main() {
        print("genetix \(GenetixVersion.string)")
    }
}
