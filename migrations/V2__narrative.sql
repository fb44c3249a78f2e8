-- yusuan schema, version 2: the 情况说明 (narrative) of each disclosure and
-- the tables printed in it: 机构设置, 政府采购预算, 单位固定资产占用情况表 and
-- the project 绩效目标表, plus every figure the narrative states.
-- Every row belongs to one disclosure (disclosure_id), so that --replace
-- deletes it with the disclosure. Amounts follow V1: exact integers in 分;
-- a blank cell has fen NULL and raw NULL, a "-" has fen NULL and raw '-',
-- 0 has fen 0. A cell that is not a number keeps its text in raw, fen NULL.
-- Quantities (数量) are not money: quantity_text as published, and
-- quantity_milli its exact value × 1000 (3911 → 3911000, 12.5 → 12500),
-- NULL when the text is not a plain decimal or is finer than 0.001.

-- The narrative as ordered sections: a preamble (ordinal 0: the 情况说明
-- title and what precedes the first numbered heading), then one section per
-- numbered heading, numbering as printed (broken numbering such as a 5、
-- between 四、 and 六、 is kept in number_label).
CREATE TABLE narrative_sections (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    ordinal       INTEGER NOT NULL,      -- 0-based order in the narrative
    number_label  TEXT,                  -- the number as printed: 一, 二, 5; NULL for the preamble
    number        INTEGER,               -- its value: 1, 2, 5
    heading       TEXT,                  -- without number and bookmarks: 单位职责及机构设置情况;
                                         -- for the preamble, the 情况说明 title
    topic         TEXT NOT NULL,         -- 前言, 职责, 总体情况, 机关运行经费, 三公, 绩效, 政府采购,
                                         -- 国有资产, 名词解释, 其他 (from the heading)
    text          TEXT NOT NULL,         -- the paragraphs after the heading as published, one per line
    source_line   INTEGER NOT NULL,
    PRIMARY KEY (disclosure_id, ordinal)
);

-- Rows of the 机构设置 table (单位机构设置情况).
CREATE TABLE institutions (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    row_no        INTEGER NOT NULL,      -- 1-based among its data rows
    name          TEXT,                  -- 单位名称
    nature        TEXT,                  -- 单位性质: 行政, 事业, …
    grade         TEXT,                  -- 单位规格: 正科级, …
    funding_form  TEXT,                  -- 经费保障形式: 财政拨款, …
    source_line   INTEGER NOT NULL,
    PRIMARY KEY (disclosure_id, row_no)
) WITHOUT ROWID;

-- Rows of the 政府采购预算 table: the 合计 row, a 小计 row per unit, and one
-- row per purchase. Amounts are in 分, converted from the table's own unit.
CREATE TABLE procurement_items (
    disclosure_id    INTEGER NOT NULL REFERENCES disclosures(id),
    row_no           INTEGER NOT NULL,   -- 1-based among its data rows
    kind             TEXT NOT NULL CHECK (kind = 'total' OR kind = 'subtotal' OR kind = 'item'),
    unit_name        TEXT,               -- the unit a 小计 row sums, also on the items after it
    project          TEXT,               -- 项目名称 as published (the row label for 合计/小计)
    budget_fen       INTEGER,            -- 预算资金 of the project
    budget_raw       TEXT,
    item             TEXT,               -- 采购物品名称
    catalogue_code   TEXT,               -- 政府采购目录序号, e.g. B02149900
    measure_unit     TEXT,               -- 计量单位: 批, 台, …
    quantity_text    TEXT,               -- 数量 as published
    quantity_milli   INTEGER,            -- 数量 × 1000, exact
    unit_price_fen   INTEGER,            -- 单价
    unit_price_raw   TEXT,
    total_fen        INTEGER,            -- 政府采购金额 合计
    total_raw        TEXT,
    sme_reserved_fen INTEGER,            -- 预留中小微企业份额
    sme_reserved_raw TEXT,
    amount_unit      TEXT NOT NULL CHECK (amount_unit = '万元' OR amount_unit = '元'),
    source_line      INTEGER NOT NULL,
    PRIMARY KEY (disclosure_id, row_no)
) WITHOUT ROWID;

-- The 政府采购金额 of a row by fund source (一般公共预算拨款, 基金预算拨款,
-- 国有资本经营预算拨款, 财政专户核拨, 单位资金, 财政拨款结转, 非财政拨款结转结余,
-- as the header prints them). Blank cells have no row.
CREATE TABLE procurement_funds (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    row_no        INTEGER NOT NULL,      -- procurement_items.row_no
    position      INTEGER NOT NULL,      -- 1-based column of the row
    source        TEXT NOT NULL,         -- the column header, whitespace removed
    fen           INTEGER,
    raw           TEXT NOT NULL,
    PRIMARY KEY (disclosure_id, row_no, position),
    FOREIGN KEY (disclosure_id, row_no) REFERENCES procurement_items(disclosure_id, row_no)
) WITHOUT ROWID;

-- Lines of the 单位固定资产占用情况表: 资产总额, 1、房屋（平方米）, 其中：办公用房,
-- 2、车辆（台、辆）, 3、单价在20万元以上的设备, 4、其他固定资产.
CREATE TABLE asset_lines (
    disclosure_id  INTEGER NOT NULL REFERENCES disclosures(id),
    row_no         INTEGER NOT NULL,     -- 1-based among its data rows
    name           TEXT NOT NULL,        -- the 项目 cell as published
    item           TEXT NOT NULL,        -- without ordinal, 其中 and unit: 房屋, 办公用房, 车辆, 资产总额, …
    part_of        TEXT,                 -- for a 其中 line: the item it is part of (办公用房 → 房屋)
    measure        TEXT,                 -- what 数量 is in, as the line says: 平方米, 台、辆; NULL when unsaid
    quantity_kind  TEXT CHECK (quantity_kind = 'area' OR quantity_kind = 'count'),
    quantity_text  TEXT,                 -- 数量 as published; NULL when blank
    quantity_milli INTEGER,              -- 数量 × 1000, exact
    value_fen      INTEGER,              -- 价值
    value_raw      TEXT,
    amount_unit    TEXT NOT NULL CHECK (amount_unit = '万元' OR amount_unit = '元'),
    as_of          TEXT,                 -- 截止时间: ISO date (2022-12-31) when it reads as one, else as printed
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (disclosure_id, row_no)
) WITHOUT ROWID;

-- One row per project 绩效目标表.
CREATE TABLE projects (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    ordinal       INTEGER NOT NULL,      -- 1-based order in the narrative
    number        TEXT,                  -- the number its title gives it: 1 of 1、车辆保险费绩效目标表
    name          TEXT NOT NULL,         -- from the title: 车辆保险费 ('' when untitled)
    title         TEXT,                  -- as published
    goal          TEXT,                  -- 绩效目标 as published
    source_line   INTEGER NOT NULL,
    PRIMARY KEY (disclosure_id, ordinal)
) WITHOUT ROWID;

-- The indicators of a project. 一级/二级 cells merged over several rows are
-- printed once; they are filled down here (filled_down says which).
CREATE TABLE project_indicators (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    project       INTEGER NOT NULL,      -- projects.ordinal
    row_no        INTEGER NOT NULL,      -- 1-based among the project's indicators
    level1        TEXT,                  -- 一级指标: 产出指标, 效益指标, 满意度指标
    level2        TEXT,                  -- 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, …
    level3        TEXT,                  -- 三级指标
    description   TEXT,                  -- 绩效指标描述
    value_text    TEXT,                  -- 指标值 as published: ≤2.8万元, ≥95%, 7辆, 按时完成
    comparator    TEXT CHECK (comparator = '≤' OR comparator = '≥' OR comparator = '<'
                              OR comparator = '>' OR comparator = '='),
                                         -- when 指标值 compares with a number; '=' also when no
                                         -- comparator is written (7辆); NULL for text values
    value_number  TEXT,                  -- the number, exact decimal text: 2.8
    value_unit    TEXT,                  -- the unit as written: 万元, %, 次, 辆 (NULL for a bare number)
    basis         TEXT,                  -- 指标值确定依据
    filled_down   INTEGER NOT NULL,      -- 1: 一级 filled from above; 2: 二级; 3: both; 0: none
    source_line   INTEGER NOT NULL,
    PRIMARY KEY (disclosure_id, project, row_no),
    FOREIGN KEY (disclosure_id, project) REFERENCES projects(disclosure_id, ordinal)
) WITHOUT ROWID;

-- Every amount the narrative states (a number followed by 元, 万元, 万, 亿元
-- or 亿), with what it claims to be. Published claims, not corrected: the
-- unit is kept as written (a 0.34元 among 万元 figures stays 元) and fen is
-- computed in it.
CREATE TABLE stated_figures (
    disclosure_id   INTEGER NOT NULL REFERENCES disclosures(id),
    ordinal         INTEGER NOT NULL,    -- 0-based order in the narrative
    section         INTEGER NOT NULL,    -- narrative_sections.ordinal
    claim           TEXT NOT NULL,       -- 预算收入, 收入来源, 预算支出, 基本支出, 项目支出, 人员经费, 公用经费,
                                         -- 项目, 机关运行经费, 机关运行经费明细, 三公经费, 三公经费明细,
                                         -- 政府采购, 固定资产, 固定资产购置, 其他
    item            TEXT,                -- what is named, as written: a project, an income source, a
                                         -- 机关运行经费 item, a 三公 part, 日常公用经费
    qualifier       TEXT CHECK (qualifier = '上年' OR qualifier = '增减' OR qualifier = '上年末'),
                                         -- NULL: this year's budget; 上年: last year's figure;
                                         -- 增减: the change from last year (fen signed: 减少 negative);
                                         -- 上年末: as of the end of last year
    fen             INTEGER,             -- in 分, in the unit as written; NULL if finer than 0.01 元
    unit_as_written TEXT NOT NULL CHECK (unit_as_written = '元' OR unit_as_written = '万元'
                                         OR unit_as_written = '万' OR unit_as_written = '亿元'
                                         OR unit_as_written = '亿'),
    raw             TEXT NOT NULL,       -- number and unit as written: 0.34元, 10万
    label           TEXT NOT NULL,       -- the words before the number, as written
    sentence_start  INTEGER NOT NULL,    -- the sentence it is in: where it starts in the section's
    sentence_chars  INTEGER NOT NULL,    -- text and how long it is, in characters (see stated_figures_cited)
    source_line     INTEGER NOT NULL,
    PRIMARY KEY (disclosure_id, ordinal),
    FOREIGN KEY (disclosure_id, section) REFERENCES narrative_sections(disclosure_id, ordinal)
) WITHOUT ROWID;

-- The narrative with its unit and year: the view to read it from.
CREATE VIEW narrative AS
SELECT d.unit_code, d.unit_name, d.year, s.ordinal, s.number_label, s.heading, s.topic, s.text,
       s.source_line, doc.source_path
FROM narrative_sections s
JOIN disclosures d  ON d.id = s.disclosure_id
JOIN documents doc  ON doc.id = d.document_id;

-- Stated figures with their sentence, section heading, unit and year.
CREATE VIEW stated_figures_cited AS
SELECT d.unit_code, d.unit_name, d.year, f.ordinal, f.claim, f.item, f.qualifier, f.fen,
       f.unit_as_written, f.raw, f.label, s.heading AS section_heading,
       substr(s.text, f.sentence_start + 1, f.sentence_chars) AS sentence,
       f.source_line, doc.source_path
FROM stated_figures f
JOIN narrative_sections s ON s.disclosure_id = f.disclosure_id AND s.ordinal = f.section
JOIN disclosures d        ON d.id = f.disclosure_id
JOIN documents doc        ON doc.id = d.document_id;

-- Purchases with their unit and year (合计 and 小计 rows included; filter on kind).
CREATE VIEW procurement AS
SELECT d.unit_code, d.year, p.row_no, p.kind, p.unit_name, p.project, p.item, p.catalogue_code,
       p.measure_unit, p.quantity_text, p.quantity_milli, p.unit_price_fen, p.total_fen,
       p.budget_fen, p.sme_reserved_fen, p.amount_unit, p.source_line
FROM procurement_items p
JOIN disclosures d ON d.id = p.disclosure_id;

-- What each unit holds, per year.
CREATE VIEW assets AS
SELECT d.unit_code, d.year, a.as_of, a.row_no, a.item, a.part_of, a.measure, a.quantity_kind,
       a.quantity_text, a.quantity_milli, a.value_fen, a.value_raw, a.source_line
FROM asset_lines a
JOIN disclosures d ON d.id = a.disclosure_id;

-- Every indicator with its project, unit and year.
CREATE VIEW indicators AS
SELECT d.unit_code, d.year, p.ordinal AS project, p.number AS project_number, p.name AS project_name,
       p.goal, i.row_no, i.level1, i.level2, i.level3, i.description, i.value_text, i.comparator,
       i.value_number, i.value_unit, i.basis, i.source_line
FROM project_indicators i
JOIN projects p    ON p.disclosure_id = i.disclosure_id AND p.ordinal = i.project
JOIN disclosures d ON d.id = i.disclosure_id;
