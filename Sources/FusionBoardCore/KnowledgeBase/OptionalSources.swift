/// Context handed to an optional-source importer.
struct ImportContext {
    let db: SQLiteConnection
    /// The file to import.
    let file: String
    /// Its row in `source`; every inserted fact row carries it.
    let sourceID: Int
    let log: (String) -> Void
}

/// An optional knowledge-base source, recognised by file name in a `--source-dir` folder.
struct OptionalSource: Sendable {
    /// Name recorded in the `source` table and shown in reports.
    var name: String
    /// domains | genes | fusions | normal | drugs | liftover
    var category: String
    /// File names this importer reads (exact, or a prefix ending in `*`).
    var fileNames: [String]
    var version: String?
    var date: String?
    var origin: String
    var licence: String
    /// Imports the file, returning the number of rows written.
    var importer: @Sendable (ImportContext) throws -> Int

    func matches(_ fileName: String) -> Bool {
        fileNames.contains { pattern in
            pattern.hasSuffix("*") ? fileName.hasPrefix(String(pattern.dropLast())) : fileName == pattern
        }
    }
}

/// The registry of optional sources, in import order. Add a new source here (see docs/KNOWLEDGE-BASE.md).
enum OptionalSources {
    static var all: [OptionalSource] { [liftoverChains] }

    static let liftoverChains = OptionalSource(
        name: "UCSC liftOver chain hg19ToHg38", category: "liftover", fileNames: ["hg19ToHg38.over.chain.gz", "hg19ToHg38.over.chain"],
        version: nil, date: nil, origin: "UCSC hg19ToHg38.over.chain.gz", licence: "free (UCSC)"
    ) { context in
        let liftover = try Liftover(chainFile: context.file)
        let insert = try context.db.prepare(
            "INSERT INTO liftover_block(from_build, to_build, chain_score, source_chrom, source_start, length, target_chrom, target_start, target_size, reverse, source_id) VALUES ('GRCh37','GRCh38',?,?,?,?,?,?,?,?,?)")
        var rows = 0
        for (chrom, block) in liftover.allBlocks {
            try insert.run([
                .int(block.score), .text(chrom), .int(block.sourceStart), .int(block.length), .text(block.targetChromosome),
                .int(block.targetStart), .int(block.targetSize), .int(block.reverse ? 1 : 0), .int(context.sourceID),
            ])
            rows += 1
        }
        return rows
    }
}

/// Work done once every source is in: cross-source mappings and derived tables.
enum PostImport {
    static func run(_ db: SQLiteConnection, log: (String) -> Void) throws {}
}
