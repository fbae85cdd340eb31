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

    /// Lengths of the primary chromosomes (1–22, X, Y, MT; names without `chr`), from the GRC assembly reports.
    public func length(ofChromosome name: String) -> Int? {
        switch self {
        case .grch37: Self.grch37Lengths[name]
        case .grch38: Self.grch38Lengths[name]
        }
    }

    static let grch38Lengths: [String: Int] = [
        "1": 248_956_422, "2": 242_193_529, "3": 198_295_559, "4": 190_214_555, "5": 181_538_259, "6": 170_805_979,
        "7": 159_345_973, "8": 145_138_636, "9": 138_394_717, "10": 133_797_422, "11": 135_086_622, "12": 133_275_309,
        "13": 114_364_328, "14": 107_043_718, "15": 101_991_189, "16": 90_338_345, "17": 83_257_441, "18": 80_373_285,
        "19": 58_617_616, "20": 64_444_167, "21": 46_709_983, "22": 50_818_468, "X": 156_040_895, "Y": 57_227_415, "MT": 16_569,
    ]
    static let grch37Lengths: [String: Int] = [
        "1": 249_250_621, "2": 243_199_373, "3": 198_022_430, "4": 191_154_276, "5": 180_915_260, "6": 171_115_067,
        "7": 159_138_663, "8": 146_364_022, "9": 141_213_431, "10": 135_534_747, "11": 135_006_516, "12": 133_851_895,
        "13": 115_169_878, "14": 107_349_540, "15": 102_531_392, "16": 90_354_753, "17": 81_195_210, "18": 78_077_248,
        "19": 59_128_983, "20": 63_025_520, "21": 48_129_895, "22": 51_304_566, "X": 155_270_560, "Y": 59_373_566, "MT": 16_571,
    ]

    public var description: String { rawValue }
}
