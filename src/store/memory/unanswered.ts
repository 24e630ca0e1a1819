/** The FAQ statistics (faq/ports.ts) in memory, with the same retention and maximum as the Redis store. */
import type { UnansweredPolicy, UnansweredStore } from '../../faq/ports.js';

export function createMemoryUnansweredStore(): UnansweredStore {
  const questions = new Map<string, { count: number; day: string; at: number }>();
  function prune(now: Date, policy: UnansweredPolicy): void {
    for (const [q, v] of questions) if (v.at < now.getTime() - policy.retentionMs) questions.delete(q);
    const extra = questions.size - policy.maxQuestions;
    if (extra > 0) for (const [q] of [...questions].sort((a, b) => a[1].count - b[1].count || (a[0] < b[0] ? -1 : 1)).slice(0, extra)) questions.delete(q);
  }
  return {
    async record(question, at, policy) {
      const before = questions.get(question);
      questions.set(question, { count: (before?.count ?? 0) + 1, day: at.toISOString().slice(0, 10), at: at.getTime() });
      prune(at, policy);
    },
    async prune(now, policy) {
      prune(now, policy);
    },
    async top(limit) {
      return [...questions]
        .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? 1 : -1))
        .slice(0, Math.max(1, limit))
        .map(([question, v]) => ({ question, count: v.count, lastAsked: v.day }));
    },
    async recent(limit) {
      return [...questions]
        .sort((a, b) => b[1].at - a[1].at || (a[0] < b[0] ? 1 : -1))
        .slice(0, Math.max(1, limit))
        .map(([question, v]) => ({ question, count: v.count, lastAsked: v.day, lastAt: new Date(v.at).toISOString() }));
    },
    forget: async (question) => void questions.delete(question),
  };
}
