import Foundation

/// A small excerpt in the shape of LiteLLM's `model_prices_and_context_window.json`.
enum LiteLLMFixture {
    static let data = Data(
        """
        {
          "sample_spec": {
            "max_tokens": "LEGACY parameter. set to max_output_tokens if provider specifies it.",
            "input_cost_per_token": 0.0000,
            "output_cost_per_token": 0.000,
            "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
            "mode": "one of: chat, embedding, completion, image_generation"
          },
          "claude-sonnet-4-5": {
            "max_tokens": 64000,
            "max_input_tokens": 200000,
            "max_output_tokens": 64000,
            "input_cost_per_token": 3e-06,
            "output_cost_per_token": 1.5e-05,
            "cache_creation_input_token_cost": 3.75e-06,
            "cache_creation_input_token_cost_above_1hr": 6e-06,
            "cache_read_input_token_cost": 3e-07,
            "input_cost_per_token_above_200k_tokens": 6e-06,
            "output_cost_per_token_above_200k_tokens": 2.25e-05,
            "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06,
            "cache_read_input_token_cost_above_200k_tokens": 6e-07,
            "input_cost_per_token_batches": 1.5e-06,
            "output_cost_per_token_batches": 7.5e-06,
            "litellm_provider": "anthropic",
            "mode": "chat",
            "supports_prompt_caching": true
          },
          "claude-3-5-haiku-20241022": {
            "max_tokens": 8192,
            "max_input_tokens": 200000,
            "max_output_tokens": 8192,
            "input_cost_per_token": 8e-07,
            "output_cost_per_token": 4e-06,
            "cache_creation_input_token_cost": 1e-06,
            "cache_read_input_token_cost": 8e-08,
            "litellm_provider": "anthropic",
            "mode": "chat"
          },
          "gpt-4.1-mini": {
            "max_tokens": 32768,
            "max_input_tokens": 1047576,
            "max_output_tokens": 32768,
            "input_cost_per_token": 4e-07,
            "output_cost_per_token": 1.6e-06,
            "cache_read_input_token_cost": 1e-07,
            "input_cost_per_token_batches": 2e-07,
            "output_cost_per_token_batches": 8e-07,
            "litellm_provider": "openai",
            "mode": "chat"
          },
          "text-embedding-3-small": {
            "max_tokens": 8191,
            "input_cost_per_token": 2e-08,
            "litellm_provider": "openai",
            "mode": "embedding"
          }
        }
        """.utf8)
}
