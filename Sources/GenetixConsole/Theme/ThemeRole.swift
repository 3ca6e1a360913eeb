/// The semantic roles a theme colours. Views ask for a role, never for a colour; the raw value is the key in
/// theme files.
public enum ThemeRole: String, Sendable, CaseIterable, Hashable {
    /// Ordinary text.
    case text
    /// Secondary text: units, ages, hints.
    case dim
    /// The header bar across the top.
    case header
    /// Screen and pane titles.
    case title
    /// Table column headings.
    case columnHeader
    /// Tier headings in the overview (BALANCER, APP, DATABASE).
    case tier
    /// Frames and separators.
    case border
    /// The selected row.
    case selection
    /// Healthy values.
    case ok
    /// Values past a warning threshold.
    case warn
    /// Values past a critical threshold, and unreachable nodes.
    case crit
    /// Sparklines and graphs.
    case spark
    /// Emphasis: node names, the focused pane.
    case accent
    /// Badges such as READ-ONLY.
    case badge
    /// The footer bar.
    case footer
    /// Key names in hints and help.
    case key
    /// Search matches in logs.
    case match
    /// The message flashed in the footer after an action.
    case flash
    /// Inside a confirmation dialog.
    case dialog
    /// The frame of a confirmation dialog.
    case dialogBorder
    /// Log levels.
    case logTrace, logDebug, logInfo, logNotice, logWarn, logError, logCritical
}
