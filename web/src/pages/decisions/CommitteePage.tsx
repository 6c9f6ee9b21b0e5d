import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, Popconfirm, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type BallotChoice, type CommitteeMeeting, type CommitteeTally } from '../../api';
import { useAction } from '../../components/useAction';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { formatDate } from '../../format';
import { ChoiceButtons } from './ChoiceButtons';
import { CHOICE_COLORS, canConvene, decisionsPath } from './decisionsUtil';
import { useCommunityView } from './useCommunity';

/**
 * 业委会会议: posted results for everyone; the committee and officials also see open meetings
 * and who voted how. Members sign in as present and vote for themselves (no proxies).
 */
export default function CommitteePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me, community: c, internal, data: list, gate } = useCommunityView(code, (internal, signal) => api.meetings(code, internal, signal));
  if (gate || !c) return gate;
  const member = canConvene(me, c);
  const myId = me?.account?.id ?? null;

  return (
    <Flex vertical gap={16} data-testid="committee-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('meetings.title')}
        </Typography.Title>
        <Link to={decisionsPath(code)}>
          {localName(c)} · {t('decisions.title')}
        </Link>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('meetings.intro')}
      </Typography.Paragraph>
      {member && <MeetingForm code={code} onCreated={list.reload} />}
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : !list.data.length ? (
        <Empty description={t('meetings.empty')} />
      ) : (
        // the internal list carries each meeting's roll-call (present, choice); the public one does not
        list.data.map((m) => <MeetingCard key={m.id} code={code} meeting={m} member={internal && member} myId={internal ? myId : null} onChange={list.reload} />)
      )}
    </Flex>
  );
}

/** The result in plain words: members, present and quorum, the votes, and why it passed or not. */
function TallyWords({ r }: { r: CommitteeTally }) {
  const { t } = useTranslation();
  const counts = t('meetings.result', {
    members: r.memberCount,
    present: r.present,
    quorum: r.quorumMet ? t('meetings.quorumMet') : t('meetings.quorumShort'),
    agree: r.agree,
    oppose: r.oppose,
    abstain: r.abstain,
    notVoting: r.notVoting,
  });
  const why = r.passed ? t('meetings.passedWords', { agree: r.agree, members: r.memberCount }) : !r.quorumMet ? t('meetings.failedNoQuorum') : t('meetings.failedShort', { agree: r.agree, members: r.memberCount });
  return <>{`${counts}${why}`}</>;
}

function MeetingCard({ code, meeting: m, member, myId, onChange }: { code: string; meeting: CommitteeMeeting; member: boolean; myId: number | null; onChange: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const { busy, error } = action;
  const me = m.members.find((x) => x.accountId === myId);
  const open = m.state === 'open';
  const run = async (fn: () => Promise<unknown>) => {
    if ((await action.run(fn)) !== undefined) onChange();
  };

  return (
    <Card
      size="small"
      title={m.title}
      extra={<Tag color={open ? 'processing' : 'green'}>{t(`meetings.state.${m.state}`)}</Tag>}
      styles={{ body: { padding: 12 } }}
      data-testid="meeting"
      data-state={m.state}
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {formatDate(m.heldOn)} · {m.postedOn ? t('meetings.postedOn', { date: formatDate(m.postedOn) }) : t('meetings.postBy', { date: formatDate(m.postBy) })}
        </Typography.Text>
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{m.motion}</Typography.Paragraph>
        {m.result && (
          <Alert type={m.result.passed ? 'success' : 'warning'} showIcon title={m.result.passed ? t('decisions.passed') : t('decisions.notPassed')} description={<TallyWords r={m.result} />} data-testid="meeting-result" />
        )}
        {m.members.length > 0 && (
          <Flex wrap gap={4} align="center">
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('meetings.members')}
            </Typography.Text>
            {m.members.map((x) => (
              <Tag key={x.accountId} color={x.choice ? CHOICE_COLORS[x.choice] : x.present ? 'blue' : 'default'}>
                {x.name} · {x.choice ? t(`decisions.choice.${x.choice}`) : x.present ? t('meetings.notVoted') : t('meetings.absent')}
              </Tag>
            ))}
          </Flex>
        )}
        {member && open && (
          <Flex vertical gap={8}>
            {!me?.present && (
              <Button onClick={() => void run(() => api.attendMeeting(code, m.id))} loading={busy} block>
                {t('meetings.attend')}
              </Button>
            )}
            {me?.present && !me.choice && (
              <>
                <Typography.Text>{t('meetings.myVote')}</Typography.Text>
                <ChoiceButtons disabled={busy} onChange={(choice: BallotChoice) => void run(() => api.voteInMeeting(code, m.id, choice))} />
              </>
            )}
            <Popconfirm title={t('meetings.post')} description={t('meetings.postConfirm')} okText={t('meetings.post')} cancelText={t('common.cancel')} onConfirm={() => run(() => api.postMeeting(code, m.id))}>
              <Button type="primary" loading={busy} block>
                {t('meetings.post')}
              </Button>
            </Popconfirm>
          </Flex>
        )}
        {error && <ErrorAlert error={error} />}
      </Flex>
    </Card>
  );
}

interface MeetingValues {
  title: string;
  motion: string;
  heldOn: Dayjs;
}

function MeetingForm({ code, onCreated }: { code: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const { message } = App.useApp();
  const [form] = Form.useForm<MeetingValues>();
  const { busy, error, run } = useAction();

  const create = async (v: MeetingValues) => {
    const r = await run(() => api.createMeeting(code, { title: v.title.trim(), motion: v.motion.trim(), heldOn: v.heldOn.format('YYYY-MM-DD') }));
    if (!r) return;
    void message.success(t('meetings.created', { count: r.memberCount }));
    form.resetFields();
    setShown(false);
    onCreated();
  };

  if (!shown)
    return (
      <Button icon={<PlusOutlined />} onClick={() => setShown(true)} style={{ alignSelf: 'flex-start' }}>
        {t('meetings.new')}
      </Button>
    );
  return (
    <Card size="small" title={t('meetings.new')} extra={<Button type="text" size="small" onClick={() => setShown(false)}>{t('common.cancel')}</Button>} styles={{ body: { padding: 12 } }}>
      <Form<MeetingValues> form={form} layout="vertical" requiredMark="optional" initialValues={{ heldOn: dayjs() }} onFinish={(v) => void create(v)}>
        <Form.Item name="title" label={t('meetings.titleLabel')} rules={[{ required: true, whitespace: true, message: t('newDecision.required') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="motion" label={t('meetings.motion')} rules={[{ required: true, whitespace: true, message: t('newDecision.required') }]}>
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Form.Item name="heldOn" label={t('meetings.heldOn')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        {error && <ErrorAlert error={error} />}
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy} block style={{ marginTop: 8 }}>
          {t('meetings.create')}
        </Button>
      </Form>
    </Card>
  );
}
