import { Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadMessage } from '../../../src/domain/message-thread.ts';
import { useCountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import { ToneBadge } from './Badges.tsx';

/** Who wrote a message, for which participant or observer, and when. */
export function MessageByline({ message }: { message: Pick<ThreadMessage, 'authorName' | 'onBehalfOf' | 'at'> }) {
  const format = useFormat();
  const names = useCountryNames(format.language);
  return (
    <Text span fz="sm" fw={600}>
      <bdi>{message.authorName}</bdi>
      {message.onBehalfOf ? <> — {names.name(message.onBehalfOf)}</> : null} · <bdi>{format.dateTime(message.at)}</bdi>
    </Text>
  );
}

/**
 * A reviewing body's questions on a document, each with its answers below it; an open question
 * stands out and carries the answer form when the reader may answer (`answerForm`). `keys` holds
 * translation keys: `none`, `open`, `answered`, `answer`.
 * @example <QuestionThread messages={r.messages} keys={{ none: 'annualReports.review.noQuestions', … }} answerForm={(question) => …} />
 */
export function QuestionThread({
  messages,
  keys,
  answerForm,
}: {
  messages: readonly ThreadMessage[];
  keys: { none: string; open: string; answered: string; answer: string };
  answerForm: (question: ThreadMessage) => ReactNode;
}) {
  const { t } = useTranslation();
  const questions = messages.filter((message) => message.kind === 'question');
  const answersTo = (id: string) => messages.filter((message) => message.kind === 'answer' && message.questionId === id);
  if (questions.length === 0) return <Text fz="sm">{t(keys.none)}</Text>;
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="questions">
      {questions.map((question) => {
        const isOpen = question.answered === false;
        return (
          <Paper
            key={question.id}
            withBorder
            p="sm"
            radius="sm"
            component="li"
            data-testid={isOpen ? 'question-open' : 'question-answered'}
            style={isOpen ? { backgroundColor: '#fdf7d4', borderColor: '#e8d47a', borderInlineStartWidth: 4 } : undefined}
          >
            <Stack gap={6}>
              <Group gap="xs">
                <ToneBadge tone={isOpen ? 'yellow' : 'green'}>{t(isOpen ? keys.open : keys.answered)}</ToneBadge>
                <MessageByline message={question} />
              </Group>
              <Text fz="sm" className="preserve-lines" dir="auto">
                {question.body}
              </Text>
              {answersTo(question.id).map((answer) => (
                <Paper key={answer.id} p="xs" radius="sm" withBorder style={{ marginInlineStart: 24 }} data-testid="answer">
                  <Text fz="xs" fw={600}>
                    {t(keys.answer)} · <MessageByline message={answer} />
                  </Text>
                  <Text fz="sm" className="preserve-lines" dir="auto">
                    {answer.body}
                  </Text>
                </Paper>
              ))}
              {isOpen && answerForm(question)}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
