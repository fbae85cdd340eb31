/// Bounds on the numbers an input may hold, checked where each number is read, so that no later arithmetic on
/// positions or read counts can overflow and nothing absurd reaches a report (docs/INPUTS.md, "Numbers").
enum InputLimits {
    /// The largest position accepted on any contig: 2^31. The longest human chromosome has 248,956,422 bases; a
    /// position on a known chromosome is further checked against its length (``CallSetBuilder``).
    static let maximumPosition = 1 << 31
    /// The largest read count: 2^31 − 1.
    static let maximumCount = Int(Int32.max)
    /// A confidence interval reaching further than this either side of its position is capped there, with a warning.
    static let maximumConfidenceOffset = 1_000_000

    /// "SUBJECT is past the end of every chromosome (FusionBoard reads positions up to 2,147,483,648); fix the THING":
    /// the one wording of a position beyond ``maximumPosition``, wherever it is read.
    static func pastEveryChromosome(_ subject: String, verb: String = "is", fix thing: String) -> String {
        "\(subject) \(verb) past the end of every chromosome (FusionBoard reads positions up to \(CallSetBuilder.grouped(maximumPosition))); fix the \(thing)"
    }

    /// Why `value` (parsed from `text`) is no position, or nil when it is one (0 allowed: VCF's telomere).
    static func positionProblem(_ value: Int?, text: String, what: String) -> String? {
        guard let value else {
            if !text.isEmpty && text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return pastEveryChromosome("\(what) \(text.prefix(40))", fix: "position")
            }
            return "\(what) '\(text.prefix(40))' is not a position; expected a whole number ≥ 0"
        }
        if value < 0 { return "\(what) \(value) is negative; expected a whole number ≥ 0" }
        if value > maximumPosition {
            return pastEveryChromosome("\(what) \(value)", fix: "position")
        }
        return nil
    }

    /// A read count as bytes: nil for `.` or nothing; throws for anything but a whole number 0…2^31−1.
    static func count<C: Collection>(_ bytes: C, _ what: @autoclosure () -> String) throws(VCFSyntaxError) -> Int? where C.Element == UInt8 {
        if bytes.isEmpty || (bytes.count == 1 && bytes.first == UInt8(ascii: ".")) { return nil }
        guard let value = Bytes.int(bytes), value >= 0, value <= maximumCount else {
            throw VCFSyntaxError(countProblem(Bytes.string(bytes), what()))
        }
        return value
    }

    /// The message for a count that is not one: negative, fractional, too large or not a number.
    static func countProblem(_ text: String, _ what: String) -> String {
        let shown = "'\(text.prefix(40))'"
        if let value = Int(text) {
            return value < 0
                ? "\(what) \(shown) is negative; a read count is a whole number ≥ 0"
                : "\(what) \(shown) is larger than any read count (at most \(CallSetBuilder.grouped(maximumCount))); fix the value"
        }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "\(what) \(shown) is larger than any read count (at most \(CallSetBuilder.grouped(maximumCount))); fix the value"
        }
        return "\(what) \(shown) is not a read count; expected a whole number ≥ 0 (or '.' when unknown)"
    }

    /// An allele fraction as bytes: nil for `.`; throws unless it is a finite number within 0…1. With
    /// `capAboveOne` (PURPLE's purity-adjusted fraction, which may exceed 1) values above 1 become 1.
    static func fraction<C: Collection>(_ bytes: C, _ what: @autoclosure () -> String, capAboveOne: Bool = false) throws(VCFSyntaxError) -> Double?
    where C.Element == UInt8 {
        if bytes.isEmpty || (bytes.count == 1 && bytes.first == UInt8(ascii: ".")) { return nil }
        guard let value = Bytes.double(bytes), value.isFinite else {
            throw VCFSyntaxError("\(what()) '\(Bytes.string(bytes.prefix(40)))' is not an allele fraction; expected a number from 0 to 1 (or '.')")
        }
        if value < 0 || (value > 1 && !capAboveOne) {
            throw VCFSyntaxError("\(what()) \(Bytes.string(bytes.prefix(40))) is outside 0…1; an allele fraction is a number from 0 to 1")
        }
        return min(value, 1)
    }

    /// A caller quality (VCF QUAL) as bytes: nil for `.`; throws unless it is a finite number ≥ 0.
    static func quality<C: Collection>(_ bytes: C) throws(VCFSyntaxError) -> Double? where C.Element == UInt8 {
        if bytes.count == 1 && bytes.first == UInt8(ascii: ".") { return nil }
        guard let value = Bytes.double(bytes), value.isFinite, value >= 0 else {
            throw VCFSyntaxError("QUAL '\(Bytes.string(bytes.prefix(40)))' is not a quality; expected a finite number ≥ 0, or '.' when there is none")
        }
        return value
    }
}
