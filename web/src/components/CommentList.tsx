import { Paper, Stack, Text } from '@mantine/core';
import { useFormat } from '../format.ts';

/** A comment as the API lists it, in the language it was written in. */
export interface ListedComment {
  id: string;
  authorName: string;
  /** The participant the author wrote for, where the API names one. */
  onBehalfOf?: string | null;
  at: string;
  language: string;
  body: string;
}

/**
 * Comments, oldest first: author (and the participant they wrote for), time, and the text in its
 * own language; a line saying so when there are none.
 * @example <CommentList comments={d.comments} empty={t('decisions.noComments')} participantName={names.name} />
 */
export function CommentList({ comments, empty, participantName = (code) => code }: { comments: ListedComment[]; empty: string; participantName?: (code: string) => string }) {
  const format = useFormat();
  if (comments.length === 0) return <Text fz="sm">{empty}</Text>;
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {comments.map((comment) => (
        <Paper key={comment.id} withBorder p="sm" radius="sm" component="li">
          <Text fz="sm" fw={600}>
            <bdi>{comment.authorName}</bdi>
            {comment.onBehalfOf && (
              <>
                {' — '}
                <bdi>{participantName(comment.onBehalfOf)}</bdi>
              </>
            )}
            {' · '}
            <bdi>{format.dateTime(comment.at)}</bdi>
          </Text>
          <Text fz="sm" className="preserve-lines" lang={comment.language} dir="auto">
            {comment.body}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
