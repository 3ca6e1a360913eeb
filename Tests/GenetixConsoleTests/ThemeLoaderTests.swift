import Foundation
import GenetixConsole
import GenetixTesting
import Testing

@Suite struct ThemeLoaderTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes").standardizedFileURL.path

    @Test(arguments: ["default", "light", "solarized-dark", "nord", "high-contrast", "monochrome"])
    func everyShippedThemeLoadsWithEveryRole(name: String) throws {
        let theme = try ThemeLoader(directories: [Self.shipped]).load(named: name)
        #expect(theme.name == name)
        let text = try String(contentsOfFile: Self.shipped + "/\(name).json", encoding: .utf8)
        for role in ThemeRole.allCases { #expect(text.contains("\"\(role.rawValue)\":"), "\(name).json lacks \(role.rawValue)") }
    }

    @Test func theShippedDefaultAndMonochromeFilesMatchTheBuiltInThemes() throws {
        let loader = ThemeLoader(directories: [Self.shipped])
        #expect(try loader.load(named: "default") == Theme.builtinDefault)
        #expect(try loader.load(named: "monochrome") == Theme.monochrome)
        #expect(loader.availableThemes() == ["default", "high-contrast", "light", "monochrome", "nord", "solarized-dark"])
    }

    @Test func hexColoursMapToTheNearestXtermColourAndDownToEight() {
        #expect(XtermPalette.parse("#ff0000") == .index(196))
        #expect(XtermPalette.parse("#2e3440") == .index(237))
        #expect(XtermPalette.parse("brightblue") == .index(12))
        #expect(XtermPalette.parse("17") == .index(17))
        #expect(XtermPalette.parse("256") == nil)
        #expect(XtermPalette.parse("mauve") == nil)
        #expect(TerminalColor.index(196).reduced(to: .eight) == .index(1))
        #expect(TerminalColor.index(12).reduced(to: .eight) == .index(4))
        #expect(TerminalColor.index(236).reduced(to: .eight) == .index(0))
        #expect(TerminalColor.index(196).reduced(to: .monochrome) == .default)
        #expect(Theme.builtinDefault.reduced(to: .monochrome) == Theme.monochrome)
    }

    static func loadBad(_ json: String) throws -> (path: String, error: ThemeError?) {
        let dir = try TemporaryDirectory(prefix: "themes")
        defer { dir.remove() }
        let path = dir.file("bad.json")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ThemeLoader(directories: [dir.path]).load(named: "bad")
            return (path, nil)
        } catch { return (path, error) }
    }

    @Test func wrongTypesNameTheFileAndTheKey() throws {
        let (path, error) = try Self.loadBad(#"{"roles": {"text": {"fg": true}}}"#)
        #expect(error?.description == "theme file \(path), key \"roles.text.fg\": expected a colour (a name, 0–255 or \"#rrggbb\"), found the boolean true")
        let (path2, error2) = try Self.loadBad(#"{"roles": {"warn": {"attrs": "bold"}}}"#)
        #expect(error2?.description == "theme file \(path2), key \"roles.warn.attrs\": expected an array of attribute names, found the string \"bold\"")
    }

    @Test func unknownKeysAreReportedNotIgnored() throws {
        let (path, error) = try Self.loadBad(#"{"roles": {"txet": {"fg": "red"}}}"#)
        #expect(error?.description.hasPrefix("theme file \(path), key \"roles.txet\": unknown key; known keys here: text, dim, header") == true)
        let (path2, error2) = try Self.loadBad(#"{"name": "x", "colours": {}}"#)
        #expect(error2?.description == "theme file \(path2), key \"colours\": unknown key; known keys here: name, description, roles")
        let (path3, error3) = try Self.loadBad(#"{"roles": {"ok": {"fg": "green", "blink": true}}}"#)
        #expect(error3?.description == "theme file \(path3), key \"roles.ok.blink\": unknown key; known keys here: fg, bg, attrs")
    }

    @Test func unknownColoursAndAttributesAreNamed() throws {
        let (path, error) = try Self.loadBad(#"{"roles": {"crit": {"fg": "mauve"}}}"#)
        #expect(error?.description == "theme file \(path), key \"roles.crit.fg\": unknown colour \"mauve\"; use default, a name (red, brightblue…), 0–255 or #rrggbb")
        let (path2, error2) = try Self.loadBad(#"{"roles": {"crit": {"bg": 300}}}"#)
        #expect(error2?.description == "theme file \(path2), key \"roles.crit.bg\": unknown colour \"300.0\"; use default, a name (red, brightblue…), 0–255 or #rrggbb")
        let (path3, error3) = try Self.loadBad(#"{"roles": {"crit": {"attrs": ["bold", "blink"]}}}"#)
        #expect(error3?.description == "theme file \(path3), key \"roles.crit.attrs[1]\": unknown attribute \"blink\"; use bold, dim, underline, reverse or italic")
    }

    @Test func malformedJSONNamesTheFile() throws {
        let (path, error) = try Self.loadBad(#"{"roles": "#)
        #expect(error?.description.hasPrefix("theme file \(path) is not valid JSON: ") == true)
    }

    @Test func aBadThemeFallsBackToTheDefaultWithAMessage() async throws {
        try await TemporaryDirectory.with(prefix: "themes") { dir in
            try #"{"roles": {"text": {"fg": "nope"}}}"#.write(toFile: dir.file("broken.json"), atomically: true, encoding: .utf8)
            let loader = ThemeLoader(directories: [Self.shipped, dir.path])
            let (theme, message) = loader.resolve(name: "broken", environment: [:])
            #expect(theme == .builtinDefault)
            #expect(message == "theme file \(dir.file("broken.json")), key \"roles.text.fg\": unknown colour \"nope\"; use default, a name (red, brightblue…), 0–255 or #rrggbb; using the default theme")
            let (missing, missingMessage) = loader.resolve(name: "dracula", environment: [:])
            #expect(missing == .builtinDefault)
            #expect(missingMessage?.hasPrefix("no theme named \"dracula\" in \(Self.shipped), \(dir.path); available: broken, default") == true)
        }
    }

    @Test func noColorGivesMonochromeAndUserThemesOverrideShippedOnes() async throws {
        try await TemporaryDirectory.with(prefix: "themes") { dir in
            try ##"{"roles": {"text": {"fg": "#00ff00"}}}"##.write(toFile: dir.file("nord.json"), atomically: true, encoding: .utf8)
            let loader = ThemeLoader(directories: [Self.shipped, dir.path])
            #expect(loader.resolve(name: "nord", environment: ["NO_COLOR": "1"]).theme == .monochrome)
            let user = loader.resolve(name: "nord", environment: [:])
            #expect(user.message == nil)
            #expect(user.theme[.text].foreground == .index(46))
            #expect(user.theme[.warn] == Theme.builtinDefault[.warn])
        }
        let standard = ThemeLoader.standard(environment: ["XDG_CONFIG_HOME": "/tmp/xdg-test", "GENETIX_THEMES_DIR": Self.shipped])
        #expect(standard.directories == [Self.shipped, "/tmp/xdg-test/genetix/themes"])
        let nowhere = ThemeLoader.standard(environment: ["XDG_CONFIG_HOME": "/nonexistent-xdg"])
        #expect(nowhere.availableThemes() == ["default", "high-contrast", "light", "monochrome", "nord", "solarized-dark"])
        #expect(try nowhere.load(named: "solarized-dark") == ThemeLoader(directories: [Self.shipped]).load(named: "solarized-dark"))
    }

    /// Themes/ is the source of truth: the copy built into the binary must be the same files, byte for byte.
    @Test func theBuiltInThemesAreThemesFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.shipped).filter { $0.hasSuffix(".json") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(ThemeLoader.shippedThemes.keys), "run scripts/embed-themes")
        for file in files {
            let text = try String(contentsOfFile: Self.shipped + "/" + file, encoding: .utf8)
            #expect(ThemeLoader.shippedThemes[String(file.dropLast(5))] == text, "\(file) differs from its built-in copy: run scripts/embed-themes")
        }
    }
}
