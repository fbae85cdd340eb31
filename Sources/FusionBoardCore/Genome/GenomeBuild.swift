/// A human reference genome assembly.
///
/// FusionBoard works in GRCh38 internally; GRCh37 input is lifted over and both
/// coordinates are kept.
public enum GenomeBuild: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case grch37 = "GRCh37"
    case grch38 = "GRCh38"

    /// Parses the usual spellings: `GRCh38`, `grch38`, `hg38`, `38`, `GRCh37`, `hg19`, `b37`, `37`.
    public init?(parsing text: String) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "grch38", "hg38", "38", "b38": self = .grch38
        case "grch37", "hg19", "37", "b37", "hs37d5": self = .grch37
        default: return nil
        }
    }

    /// Length of chromosome 1, the usual fingerprint of a build in VCF `##contig` lines.
    public var chromosome1Length: Int {
        switch self {
        case .grch37: 249_250_621
        case .grch38: 248_956_422
        }
    }

    public var description: String { rawValue }
}
