/// The version every node reports and `genetix --version` prints.
public enum GenetixVersion {
    public static let string = "0.1.0"
}
