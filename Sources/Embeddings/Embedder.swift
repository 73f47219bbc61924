/// Sentence embeddings. Filled in by the Embeddings work.
public enum EmbeddingsModule {}
