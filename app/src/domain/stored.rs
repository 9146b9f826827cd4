/// An enum stored and sent as a fixed lower-case word (`"own_plans"`, `"active"`, …).
/// One lookup for all of them: parsing is "find the variant with this word".
pub trait StoredWord: Copy + 'static {
    const ALL: &'static [Self];

    fn as_str(self) -> &'static str;

    /// The variant stored as `word` (surrounding spaces ignored).
    fn from_word(word: &str) -> Option<Self> {
        let word = word.trim();
        Self::ALL.iter().copied().find(|v| v.as_str() == word)
    }
}
