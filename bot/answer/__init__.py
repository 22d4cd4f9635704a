"""The answer's reasoning: question reading, stance, relevance, verdict, vocabulary."""
