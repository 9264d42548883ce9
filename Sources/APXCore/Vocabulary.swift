/// The state, kind and outcome names of the spec read and print as themselves: a vocabulary
/// value interpolated into a message or a report is its spec name (`WAREHOUSED`), not the
/// Swift case name.
extension RawRepresentable where Self: CustomStringConvertible, RawValue == String {
    public var description: String { rawValue }
}
