import { ModelPricing } from './model-pricing';
import { retryAfterMs } from './openai/openai-errors';

describe(ModelPricing.name, () => {
  const sut = new ModelPricing();

  it('prices dated snapshots with their family, in whole micro-dollars rounded up', () => {
    expect(sut.costUsdMicros('gpt-4o-mini-2024-07-18', { tokensIn: 1_000_000, tokensOut: 1_000_000 })).toBe(
      750_000,
    );
    expect(sut.costUsdMicros('gpt-4o', { tokensIn: 3, tokensOut: 0 })).toBe(8);
    expect(sut.costUsdMicros('gpt-4.1-mini', { tokensIn: 1000, tokensOut: 100 })).toBe(560);
  });

  it('charges nothing for models it has no price for', () => {
    expect(sut.priceOf('llama3.1:8b')).toBeNull();
    expect(sut.costUsdMicros('llama3.1:8b', { tokensIn: 5000, tokensOut: 5000 })).toBe(0);
  });
});

describe(retryAfterMs.name, () => {
  const now = new Date('2026-03-10T09:00:00.000Z');
  const error = (headers: Record<string, string>) => ({ status: 429, headers: new Headers(headers) });

  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(retryAfterMs(error({ 'retry-after': '7' }), now)).toBe(7000);
    expect(retryAfterMs(error({ 'retry-after': 'Tue, 10 Mar 2026 09:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(error({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(error({}), now)).toBeNull();
    expect(retryAfterMs(error({ 'retry-after': 'soon' }), now)).toBeNull();
  });
});
