import { z } from 'zod';

/**
 * A review thread on a document (an annual report, an application for admission): a reviewing
 * body's questions, each answered once by the document's owner, and comments. Rows are never
 * changed; an answer names its question.
 */
export const ThreadMessageSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['question', 'answer', 'comment']),
  questionId: z.uuid().nullable(),
  body: z.string(),
  language: z.string(),
  authorName: z.string(),
  onBehalfOf: z.string().nullable(),
  at: z.string(),
  answered: z.boolean().nullable().meta({ description: 'Questions: whether the owner has answered' }),
});
export type ThreadMessage = z.infer<typeof ThreadMessageSchema>;

export interface ThreadMessageRow {
  id: string;
  kind: string;
  questionId: string | null;
  body: string;
  language: string;
  authorName: string;
  onBehalfOf: string | null;
  at: Date;
}

/** The ids of the questions that have an answer. */
function answeredQuestions(messages: readonly Pick<ThreadMessageRow, 'kind' | 'questionId'>[]): Set<string | null> {
  return new Set(messages.filter((message) => message.kind === 'answer').map((message) => message.questionId));
}

/** The thread as the API shows it, oldest first as given, each question saying whether it was answered. */
export function threadView(messages: readonly ThreadMessageRow[]): ThreadMessage[] {
  const answered = answeredQuestions(messages);
  return messages.map((message) => ({
    id: message.id,
    kind: message.kind as ThreadMessage['kind'],
    questionId: message.questionId,
    body: message.body,
    language: message.language,
    authorName: message.authorName,
    onBehalfOf: message.onBehalfOf,
    at: message.at.toISOString(),
    answered: message.kind === 'question' ? answered.has(message.id) : null,
  }));
}

/** True when some question of the thread still waits for its answer. */
export function hasOpenQuestion(messages: readonly Pick<ThreadMessageRow, 'id' | 'kind' | 'questionId'>[]): boolean {
  const answered = answeredQuestions(messages);
  return messages.some((message) => message.kind === 'question' && !answered.has(message.id));
}

/** Open questions (asked, not yet answered) per document, the document named by `documentOf`. */
export function openQuestionsPer<T extends Pick<ThreadMessageRow, 'id' | 'kind' | 'questionId'>>(messages: readonly T[], documentOf: (message: T) => string): Map<string, number> {
  const answered = answeredQuestions(messages);
  const counts = new Map<string, number>();
  for (const message of messages) {
    if (message.kind === 'question' && !answered.has(message.id)) counts.set(documentOf(message), (counts.get(documentOf(message)) ?? 0) + 1);
  }
  return counts;
}
