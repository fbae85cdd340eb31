import Foundation

/// How many of the genes an RNA caller named lie at the breakpoints it gave them: the build check for call sets
/// that do not name their genome build (``Pipeline/read(_:options:)``).
///
/// A named gene is *checked* when the knowledge base places it on the genome, and *matched* when one of its
/// junction's breakends lies within the gene's span or ``flank`` of it (the flank the annotator allows genes an
/// RNA caller names). Positions in the wrong build are off by tens of kilobases to megabases on most chromosomes,
/// so a call set read in the wrong build matches few of its named genes.
public struct NamedGeneAgreement: Sendable, Equatable {
    /// Named genes the knowledge base places on the genome.
    public var checked: Int
    /// Of those, genes at one of their junction's breakends.
    public var matched: Int

    /// Share of checked genes that matched (0 when none could be checked).
    public var fraction: Double { checked == 0 ? 0 : Double(matched) / Double(checked) }

    /// Fewest checked genes on which a build is chosen or questioned.
    public static let minimumChecked = 2
    /// A build fits when at least this share of the checked genes is at its breakpoints.
    public static let fitting = 0.5
    /// The annotator's flank for genes an RNA caller names.
    public static let flank = 10_000

    /// Whether enough genes were checked and at least half of them matched.
    public var fits: Bool { checked >= Self.minimumChecked && fraction >= Self.fitting }

    /// `31 of 35`.
    public var summary: String { "\(matched) of \(checked)" }

    /// Counts the named genes of every junction of `set` (positions in GRCh38, as read).
    public static func of(_ set: CallSet, in knowledgeBase: KnowledgeBase) throws -> NamedGeneAgreement {
        var result = NamedGeneAgreement(checked: 0, matched: 0)
        for junction in set.junctions {
            let breakends = [junction.first.position] + (junction.second.map { [$0.position] } ?? [])
            for name in [junction.namedGene5, junction.namedGene3] {
                guard let name, !name.isEmpty, let gene = try knowledgeBase.gene(named: name),
                    let chromosome = gene.chromosome.flatMap(Chromosome.canonical), let start = gene.start, let end = gene.end
                else { continue }
                result.checked += 1
                if breakends.contains(where: { $0.chromosome == chromosome && $0.position >= start - flank && $0.position <= end + flank }) {
                    result.matched += 1
                }
            }
        }
        return result
    }
}
