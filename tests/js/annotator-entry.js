// The parts of Apache Annotator a W3C client uses to anchor and to describe a selection.
export {
  createTextQuoteSelectorMatcher,
  createTextPositionSelectorMatcher,
  describeTextQuote,
  describeTextPosition,
  highlightText,
} from "@apache-annotator/dom";
