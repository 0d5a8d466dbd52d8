import { FixedClock } from '@herald/shared-kernel';
import { CircuitBreaker } from './circuit-breaker';

describe(CircuitBreaker.name, () => {
  const clock = new FixedClock(new Date('2026-03-10T09:00:00.000Z'));
  const sut = (): CircuitBreaker => new CircuitBreaker(clock, { failureThreshold: 3, openMs: 10_000 });

  it('stays closed below the threshold and forgets failures after a success', () => {
    const breaker = sut();
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryPass()).toEqual({ allowed: true });
  });

  it('opens after consecutive failures and refuses until the pause is over', () => {
    const breaker = sut();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    expect(breaker.state).toBe('open');
    clock.advance(4_000);
    expect(breaker.tryPass()).toEqual({ allowed: false, retryInMs: 6_000 });
  });

  it('lets exactly one probe through when half-open; its success closes the circuit', () => {
    const breaker = sut();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    clock.advance(10_000);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryPass()).toEqual({ allowed: true });
    expect(breaker.tryPass().allowed).toBe(false);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('reopens for a full pause when the probe fails', () => {
    const breaker = sut();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    clock.advance(10_000);
    expect(breaker.tryPass().allowed).toBe(true);
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    clock.advance(9_999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('half_open');
  });

  it('frees the probe slot when the probe ends without a verdict', () => {
    const breaker = sut();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    clock.advance(10_000);
    expect(breaker.tryPass().allowed).toBe(true);
    breaker.onAbandoned();
    expect(breaker.tryPass().allowed).toBe(true);
  });
});
