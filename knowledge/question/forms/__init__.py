"""Forms of answer a question may ask for (a definition, a composition, who pays ...): signals that
lift a passage or sentence, never gates."""
