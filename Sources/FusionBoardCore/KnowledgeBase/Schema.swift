/// The knowledge-base schema. Typed tables for what the hot path reads, plus a uniform
/// graph layer (`node`, `edge`) that explanations walk and cite. Every fact row carries
/// `source_id` → `source.id`. docs/KNOWLEDGE-BASE.md describes each table.
enum KnowledgeBaseSchema {
    /// Bumped whenever a table changes shape; the reader refuses other versions.
    static let version = 1

    static let statements: [String] = [
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """
        CREATE TABLE source(
          id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, category TEXT NOT NULL,
          version TEXT, date TEXT, origin TEXT, file TEXT, sha256 TEXT, licence TEXT,
          rows INTEGER NOT NULL DEFAULT 0, optional INTEGER NOT NULL DEFAULT 0, note TEXT)
        """,
        // Assemblies: canonical chromosome names, UCSC names, lengths and aliases per build.
        "CREATE TABLE chromosome(build TEXT NOT NULL, name TEXT NOT NULL, ucsc TEXT NOT NULL, length INTEGER NOT NULL, aliases TEXT, source_id INTEGER, PRIMARY KEY(build, name))",
        "CREATE TABLE cytoband(build TEXT NOT NULL, chrom TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, band TEXT NOT NULL, stain TEXT, source_id INTEGER)",
        // Genes (NCBI Gene). Coordinates 1-based inclusive, GRCh38.
        """
        CREATE TABLE gene(
          gene_id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, name TEXT, gene_type TEXT,
          chrom TEXT, start INTEGER, end INTEGER, strand TEXT, cytoband TEXT,
          pubmed_count INTEGER NOT NULL DEFAULT 0, hgnc_id TEXT, ensembl TEXT, source_id INTEGER)
        """,
        "CREATE INDEX gene_by_symbol ON gene(symbol)",
        // Every name a gene goes by: kind = symbol | alias | previous.
        "CREATE TABLE gene_alias(alias TEXT NOT NULL, gene_id INTEGER NOT NULL, kind TEXT NOT NULL, source_id INTEGER, PRIMARY KEY(alias, gene_id, kind)) WITHOUT ROWID",
        // NCBI gene2pubmed links (for counts and gene co-citation).
        "CREATE TABLE gene_pubmed(gene_id INTEGER NOT NULL, pmid INTEGER NOT NULL, PRIMARY KEY(gene_id, pmid)) WITHOUT ROWID",
        // Transcripts (UCSC refGene genePredExt), converted to 1-based inclusive coordinates.
        // exon_starts/exon_ends/exon_frames: comma-separated, in genomic order as in genePredExt.
        """
        CREATE TABLE transcript(
          id INTEGER PRIMARY KEY, accession TEXT NOT NULL, gene_symbol TEXT NOT NULL, gene_id INTEGER,
          chrom TEXT NOT NULL, strand TEXT NOT NULL, tx_start INTEGER NOT NULL, tx_end INTEGER NOT NULL,
          cds_start INTEGER, cds_end INTEGER, exon_starts TEXT NOT NULL, exon_ends TEXT NOT NULL,
          exon_frames TEXT NOT NULL, source_id INTEGER)
        """,
        "CREATE INDEX transcript_by_gene ON transcript(gene_symbol)",
        "CREATE INDEX transcript_by_accession ON transcript(accession)",
        // Interval index: (chromosome rank) × (tx_start − 2 kb … tx_end + 2 kb), promoter included.
        "CREATE VIRTUAL TABLE transcript_span USING rtree_i32(id, chrom_lo, chrom_hi, start, end)",
        // Protein domains per RefSeq transcript, protein coordinates (1-based aa).
        """
        CREATE TABLE domain(
          id INTEGER PRIMARY KEY, accession TEXT NOT NULL, gene_symbol TEXT NOT NULL, protein_length INTEGER,
          aa_start INTEGER NOT NULL, aa_end INTEGER NOT NULL, label TEXT NOT NULL, pfam TEXT, description TEXT,
          source_id INTEGER, source_row INTEGER)
        """,
        "CREATE INDEX domain_by_accession ON domain(accession)",
        "CREATE INDEX domain_by_gene ON domain(gene_symbol)",
        // Domains mapped onto the genome through each transcript's CDS (1-based inclusive span of the coding bases).
        "CREATE TABLE domain_genomic(domain_id INTEGER NOT NULL, transcript_id INTEGER NOT NULL, chrom TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, length_check TEXT)",
        "CREATE INDEX domain_genomic_by_transcript ON domain_genomic(transcript_id)",
        // Protein lengths per RefSeq (maftools prot_len), checked against CDS length / 3 − 1.
        "CREATE TABLE protein_length(accession TEXT NOT NULL, gene_symbol TEXT NOT NULL, protein TEXT, length INTEGER NOT NULL, source_id INTEGER NOT NULL, source_row INTEGER)",
        "CREATE INDEX protein_length_by_accession ON protein_length(accession)",
        // Domains a source gives in genome coordinates (Arriba GFF3, UCSC ucscGenePfam): blocks = "start-end,…" (1-based,
        // inclusive). Projected onto each overlapping RefSeq transcript's CDS into `domain` (source_row = this row's id).
        "CREATE TABLE domain_feature(id INTEGER PRIMARY KEY, gene_symbol TEXT, chrom TEXT NOT NULL, strand TEXT, blocks TEXT NOT NULL, label TEXT NOT NULL, pfam TEXT, description TEXT, source_id INTEGER NOT NULL, source_row INTEGER)",
        "CREATE TABLE pfam_family(accession TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, source_id INTEGER)",
        "CREATE INDEX pfam_family_by_name ON pfam_family(name)",
        // Gene roles: role = oncogene | tumour_suppressor | driver | fusion_partner …; cancer may be NULL.
        "CREATE TABLE gene_role(gene_symbol TEXT NOT NULL, role TEXT NOT NULL, cancer TEXT, citations INTEGER, detail TEXT, source_id INTEGER NOT NULL, source_row INTEGER)",
        "CREATE INDEX gene_role_by_gene ON gene_role(gene_symbol)",
        // Canonical transcript per gene (OncoKB GRCh38 RefSeq), used for display.
        "CREATE TABLE canonical_transcript(gene_symbol TEXT PRIMARY KEY, accession TEXT NOT NULL, source_id INTEGER)",
        "CREATE TABLE gene_category(gene_symbol TEXT NOT NULL, category TEXT NOT NULL, source_id INTEGER, source_row INTEGER)",
        "CREATE INDEX gene_category_by_gene ON gene_category(gene_symbol)",
        // Known fusions from curated databases and literature (5′, 3′ as the source orders them).
        "CREATE TABLE known_fusion(gene5 TEXT NOT NULL, gene3 TEXT NOT NULL, source_id INTEGER NOT NULL, source_row INTEGER, count INTEGER, disease TEXT, pmids TEXT, detail TEXT)",
        "CREATE INDEX known_fusion_by_pair ON known_fusion(gene5, gene3)",
        "CREATE INDEX known_fusion_by_gene3 ON known_fusion(gene3)",
        // Fusions seen in normal tissue (artefact / passenger evidence).
        "CREATE TABLE normal_fusion(gene5 TEXT NOT NULL, gene3 TEXT NOT NULL, source_id INTEGER NOT NULL, source_row INTEGER, count INTEGER, tissue TEXT, detail TEXT)",
        "CREATE INDEX normal_fusion_by_pair ON normal_fusion(gene5, gene3)",
        // Read-through / conjoined gene pairs.
        "CREATE TABLE readthrough(gene5 TEXT NOT NULL, gene3 TEXT NOT NULL, source_id INTEGER NOT NULL, source_row INTEGER, detail TEXT)",
        "CREATE INDEX readthrough_by_pair ON readthrough(gene5, gene3)",
        // Paralog clusters (duplicated genes).
        "CREATE TABLE paralog(cluster TEXT NOT NULL, gene_symbol TEXT NOT NULL, source_id INTEGER NOT NULL, source_row INTEGER)",
        "CREATE INDEX paralog_by_gene ON paralog(gene_symbol)",
        // Drug–gene interactions (DGIdb) with PMIDs.
        "CREATE TABLE drug_interaction(gene_symbol TEXT NOT NULL, drug TEXT NOT NULL, interaction TEXT, sources TEXT, pmids TEXT, source_id INTEGER NOT NULL, source_row INTEGER)",
        "CREATE INDEX drug_interaction_by_gene ON drug_interaction(gene_symbol)",
        // UCSC liftover chain blocks (0-based source start, length, target start).
        "CREATE TABLE liftover_block(from_build TEXT NOT NULL, to_build TEXT NOT NULL, chain_score INTEGER NOT NULL, source_chrom TEXT NOT NULL, source_start INTEGER NOT NULL, length INTEGER NOT NULL, target_chrom TEXT NOT NULL, target_start INTEGER NOT NULL, target_size INTEGER NOT NULL, reverse INTEGER NOT NULL, source_id INTEGER NOT NULL)",
        // Uniform graph layer: nodes (gene, transcript, domain, fusion_pair, publication, disease, drug, source)
        // and edges pointing at the typed row they came from.
        "CREATE TABLE node(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, label TEXT, UNIQUE(kind, key))",
        "CREATE TABLE edge(src INTEGER NOT NULL, relation TEXT NOT NULL, dst INTEGER NOT NULL, source_id INTEGER NOT NULL, source_table TEXT, source_row INTEGER, weight REAL, detail TEXT)",
        "CREATE INDEX edge_by_src ON edge(src, relation)",
        "CREATE INDEX edge_by_dst ON edge(dst, relation)",
    ]
}
