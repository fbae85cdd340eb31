import Foundation

/// Gene-level optional sources: HGNC names, gene roles (CancerMine, OncoKB), DGIdb.
enum GeneSources {
    /// HGNC complete set: previous symbols and aliases (added to `gene_alias`), HGNC ids on `gene`.
    static let hgnc = OptionalSource(
        name: "HGNC complete set", category: "hgnc", fileNames: ["hgnc_complete_set.txt.gz", "hgnc_complete_set.txt"],
        version: "2018 snapshot", date: "2018",
        origin: "FusionAnnotator/CTAT_HumanFusionLib @7872b07 : fusion_lib_data/data/hgnc_complete_set.txt.gz (HGNC)", licence: "CC0"
    ) { context in
        var header: [String: Int] = [:]
        let insertAlias = try context.db.prepare("INSERT OR IGNORE INTO gene_alias(alias, gene_id, kind, source_id) VALUES (?,?,?,?)")
        let setHGNC = try context.db.prepare("UPDATE gene SET hgnc_id = ? WHERE gene_id = ? AND hgnc_id IS NULL")
        var known: Set<Int> = []
        let ids = try context.db.prepare("SELECT gene_id, symbol FROM gene")
        var currentSymbol: [Int: String] = [:]
        while try ids.step() {
            known.insert(ids.int(0))
            currentSymbol[ids.int(0)] = ids.text(1)
        }
        var rows = 0, unmatched = 0
        try TableFile.forEachRow(context.file, header: false) { f, line in
            if line == 1 {
                for (i, name) in f.enumerated() { header[name] = i }
                guard header["symbol"] != nil, header["entrez_id"] != nil else {
                    throw InputError(file: context.file, line: 1, "not an HGNC complete set: needs columns symbol and entrez_id")
                }
                return
            }
            func field(_ name: String) -> String {
                guard let i = header[name], i < f.count else { return "" }
                return f[i].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            }
            guard field("status").isEmpty || field("status") == "Approved" else { return }
            guard let entrez = Int(field("entrez_id")), known.contains(entrez) else {
                unmatched += 1
                return
            }
            try setHGNC.run([.text(field("hgnc_id")), .int(entrez)])
            var names: [(String, String)] = []
            let symbol = field("symbol")
            if !symbol.isEmpty && symbol != currentSymbol[entrez] { names.append((symbol, "previous")) }
            for prev in field("prev_symbol").split(separator: "|") { names.append((String(prev).trimmingCharacters(in: .whitespaces), "previous")) }
            for alias in field("alias_symbol").split(separator: "|") { names.append((String(alias).trimmingCharacters(in: .whitespaces), "alias")) }
            for (name, kind) in names where !name.isEmpty {
                try insertAlias.run([.text(name), .int(entrez), .text(kind), .int(context.sourceID)])
            }
            rows += 1
        }
        if unmatched > 0 { try context.note("\(unmatched) approved HGNC entries have no NCBI Gene id in the gene table") }
        return rows
    }

    /// CancerMine: literature-mined oncogene / tumour-suppressor / driver roles per cancer, with citation counts.
    static let cancerMine = OptionalSource(
        name: "CancerMine", category: "gene-roles", fileNames: ["cancermine.csv", "cancermine_collated.tsv"],
        version: "ChimerDriver @32633b6 snapshot", date: nil,
        origin: "martalovino/ChimerDriver @32633b6 : cancermine.csv (CancerMine, Lever et al. 2019)", licence: "CC0"
    ) { context in
        let insert = try context.db.prepare(
            "INSERT INTO gene_role(gene_symbol, role, cancer, citations, detail, source_id, source_row) VALUES (?,?,?,?,?,?,?)")
        let entrezSymbol = try geneSymbolsByID(context.db)
        var header: [String: Int] = [:]
        var rows = 0
        var unresolved: Set<String> = []
        try SourceText.forEachLine(context.file) { line, number in
            if line.isEmpty { return }
            let f = line.contains("\t") ? line.components(separatedBy: "\t") : SourceText.csvFields(line)
            if number == 1 {
                for (i, name) in f.enumerated() { header[name] = i }
                guard header["role"] != nil, header["gene_normalized"] != nil else {
                    throw InputError(file: context.file, line: 1, "not a CancerMine table: needs columns role and gene_normalized")
                }
                return
            }
            func field(_ name: String) -> String { header[name].flatMap { $0 < f.count ? f[$0] : nil } ?? "" }
            let written = field("gene_normalized")
            let symbol = Int(field("gene_entrez_id")).flatMap { entrezSymbol[$0] } ?? context.symbols.resolve(written)
            if symbol == nil { unresolved.insert(written) }
            let role: String
            switch field("role").lowercased() {
            case "oncogene": role = "oncogene"
            case "tumor_suppressor", "tumour_suppressor": role = "tumour_suppressor"
            case "driver": role = "driver"
            default: role = field("role").lowercased()
            }
            try insert.run([
                .text(symbol ?? written), .text(role), .text(field("cancer_normalized")), Int(field("citation_count")).map { .int($0) } ?? .null,
                .text(field("cancer_id")), .int(context.sourceID), .int(number),
            ])
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// OncoKB cancer gene list: oncogene / TSG type and the canonical GRCh38 RefSeq transcript.
    static let oncoKB = OptionalSource(
        name: "OncoKB cancer gene list", category: "gene-roles", fileNames: ["oncokb_cancer_genes_list.txt", "cancerGeneList.tsv"],
        version: "genome-nexus-importer @7586dbe (COSMIC CGC v99 column)", date: nil,
        origin: "genome-nexus/genome-nexus-importer @7586dbe : data/common_input/oncokb_cancer_genes_list.txt (OncoKB)",
        licence: "OncoKB terms of use (academic research)"
    ) { context in
        let insertRole = try context.db.prepare(
            "INSERT INTO gene_role(gene_symbol, role, cancer, citations, detail, source_id, source_row) VALUES (?,?,NULL,NULL,?,?,?)")
        let insertCanonical = try context.db.prepare("INSERT OR REPLACE INTO canonical_transcript(gene_symbol, accession, source_id) VALUES (?,?,?)")
        let entrezSymbol = try geneSymbolsByID(context.db)
        var header: [String: Int] = [:]
        var rows = 0
        var unresolved: Set<String> = []
        try TableFile.forEachRow(context.file, header: false) { f, number in
            if number == 1 {
                for (i, name) in f.enumerated() { header[name] = i }
                guard header["Hugo Symbol"] != nil else {
                    throw InputError(file: context.file, line: 1, "not an OncoKB cancer gene list: needs a 'Hugo Symbol' column")
                }
                return
            }
            func field(_ name: String) -> String { header[name].flatMap { $0 < f.count ? f[$0] : nil }?.trimmingCharacters(in: .whitespaces) ?? "" }
            let written = field("Hugo Symbol")
            guard !written.isEmpty else { return }
            let symbol = Int(field("Entrez Gene ID")).flatMap { entrezSymbol[$0] } ?? context.symbols.resolve(written)
            if symbol == nil { unresolved.insert(written) }
            let gene = symbol ?? written
            let type = field("Gene Type")
            let roles: [String]
            switch type {
            case "ONCOGENE": roles = ["oncogene"]
            case "TSG": roles = ["tumour_suppressor"]
            case "ONCOGENE_AND_TSG": roles = ["oncogene", "tumour_suppressor"]
            default: roles = ["cancer_gene"]
            }
            let detail = "OncoKB gene type \(type.isEmpty ? "not given" : type); COSMIC CGC (v99): \(field("COSMIC CGC (v99)")); in \(field("# of occurrence within resources (Column J-P)")) of 7 resources"
            for role in roles { try insertRole.run([.text(gene), .text(role), .text(detail), .int(context.sourceID), .int(number)]) }
            let refseq = field("GRCh38 RefSeq")
            if refseq.hasPrefix("N") {
                let accession = refseq.split(separator: ".").first.map(String.init) ?? refseq
                try insertCanonical.run([.text(gene), .text(accession), .int(context.sourceID)])
            }
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// DGIdb drug–gene interactions (maftools' export) with PubMed ids.
    static let dgidbInteractions = OptionalSource(
        name: "DGIdb interactions", category: "drugs", fileNames: ["dgidb_interactions.tsv.gz", "dgidb_interactions.tsv", "interactions.tsv"],
        version: "maftools @c8ff328 export", date: nil,
        origin: "PoisonAlien/maftools @c8ff328 : inst/extdata/drugs.tsv.gz (DGIdb)", licence: "MIT (maftools); DGIdb sources vary"
    ) { context in
        let insert = try context.db.prepare(
            "INSERT INTO drug_interaction(gene_symbol, drug, interaction, sources, pmids, source_id, source_row) VALUES (?,?,?,?,?,?,?)")
        var rows = 0
        var unresolved: Set<String> = []
        try TableFile.forEachRow(context.file, header: true) { f, number in
            guard f.count >= 6, !f[0].isEmpty else { return }
            let symbol = context.symbols.resolve(f[0])
            if symbol == nil { unresolved.insert(f[0]) }
            let drug = [f.count > 5 ? f[5] : "", f.count > 4 ? f[4] : "", f[3]].first { !$0.isEmpty } ?? ""
            guard !drug.isEmpty else { return }
            // Some claim sources put years and page numbers in the PMID column (e.g. "17", "2015", "8007"):
            // keep only values of six or more digits, the shape of the PubMed IDs those claims cite.
            let pmids = (f.count > 7 ? SourceText.integers(f[7]) : []).filter { $0 >= 100_000 }
            try insert.run([
                .text(symbol ?? f[0]), .text(drug), f[2].isEmpty ? .null : .text(f[2]), .text(f[1]),
                pmids.isEmpty ? .null : .text(pmids.map(String.init).joined(separator: ",")), .int(context.sourceID), .int(number),
            ])
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// DGIdb gene categories (KINASE, TUMOR SUPPRESSOR, TRANSCRIPTION FACTOR BINDING …).
    static let dgidbCategories = OptionalSource(
        name: "DGIdb gene categories", category: "drugs", fileNames: ["dgidb_categories.tsv.gz", "dgidb_categories.tsv", "categories.tsv"],
        version: "maftools @c8ff328 export", date: nil,
        origin: "PoisonAlien/maftools @c8ff328 : inst/extdata/categories.tsv.gz (DGIdb)", licence: "MIT (maftools); DGIdb sources vary"
    ) { context in
        let insert = try context.db.prepare("INSERT INTO gene_category(gene_symbol, category, source_id, source_row) VALUES (?,?,?,?)")
        var rows = 0
        var seen: Set<String> = []
        var unresolved: Set<String> = []
        try TableFile.forEachRow(context.file, header: true) { f, number in
            guard f.count >= 4, !f[0].isEmpty, !f[3].isEmpty else { return }
            let symbol = context.symbols.resolve(f[0])
            if symbol == nil { unresolved.insert(f[0]) }
            let gene = symbol ?? f[0]
            guard seen.insert(gene + "\t" + f[3]).inserted else { return }
            try insert.run([.text(gene), .text(f[3]), .int(context.sourceID), .int(number)])
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// NCBI Gene id → current symbol.
    static func geneSymbolsByID(_ db: SQLiteConnection) throws -> [Int: String] {
        var map: [Int: String] = [:]
        let statement = try db.prepare("SELECT gene_id, symbol FROM gene")
        while try statement.step() { map[statement.int(0)] = statement.text(1) }
        return map
    }
}
