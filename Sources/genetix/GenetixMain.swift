import Foundation
import GenetixCommandLine

/// Entry point of the `genetix` executable: hands argv to the command registry and exits with its code.
///
/// An `@main` type rather than top-level code, so that fuzz builds (`--sanitize=fuzzer`) can link this target.
@main
struct GenetixMain {
    static func main() async {
        let code = await CommandRegistry.tool.run(Array(CommandLine.arguments.dropFirst()))
        exit(code)
    }
}
