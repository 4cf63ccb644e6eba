/**
 * The sizes (SVG user units, px at 100 %) the layout reserves room with and
 * the renderer draws with; one table, so that what is drawn fits what was
 * laid out.
 */
export const SIZES = {
  /** Step names inside task boxes. */
  nameFontPx: 13,
  nameLineHeightPx: 16,
  /** Names under circles and diamonds. */
  outsideNameFontPx: 12,
  outsideNameLineHeightPx: 15,
  outsideNameMaxWidthPx: 136,
  nameMaxLines: 3,
  /** Task boxes: text inset on every side (room for the kind's corner marker), width range. */
  taskPaddingXPx: 16,
  taskPaddingYPx: 9,
  taskMinWidthPx: 112,
  /** Boxes up to this width keep their name on one line; wider names wrap. */
  taskOneLineMaxWidthPx: 176,
  taskMaxWidthPx: 208,
  taskMinHeightPx: 48,
  /** Extra room at the bottom of a subprocess for its "+" marker. */
  subprocessMarkerPx: 14,
  circleDiameterPx: 36,
  diamondSizePx: 48,
  /** Between a shape and the name or badges under it. */
  belowGapPx: 4,
  /** Duration badges. */
  badgeFontPx: 11,
  badgeHeightPx: 16,
  badgeGapPx: 3,
  badgePaddingXPx: 6,
  /** Lane header on the left: owner and department. */
  laneHeaderWidthPx: 140,
  laneNameFontPx: 13,
  laneNameLineHeightPx: 16,
  laneDepartmentFontPx: 11,
  laneDepartmentLineHeightPx: 14,
  laneHeaderPaddingPx: 10,
  /** Flow labels: condition, artifacts, count. */
  flowLabelFontPx: 11,
  flowLabelLineHeightPx: 13,
  flowLabelMaxWidthPx: 150,
  flowLabelPaddingPx: 3,
  /** Room for the artifact glyph in front of an artifacts line. */
  artifactGlyphPx: 11,
  /** Routing: distance between parallel flow lines, and the least room around them. */
  trackSpacingPx: 8,
  channelMinWidthPx: 44,
  channelPaddingPx: 12,
  gapMinHeightPx: 18,
  lanePaddingPx: 14,
  gapPaddingPx: 8,
  /** Empty room left of the first column and below nothing. */
  contentLeftPaddingPx: 24,
} as const;
