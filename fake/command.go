package fake

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// command is a command of a region.
type command struct {
	seq         uint64
	region      *region
	id          string
	name        string
	description string
	typ         invocation.CommandType
	content     string // plain
	workingDir  string
	timeout     int64 // seconds
	enableParam bool
	params      []string // the names of the content's own parameters, in the order they first appear
	launcher    string
	group       string
	tags        []invocation.Tag
	createdAt   time.Time
	invokeTimes int
	keep        bool // counts against the quota; false for RunCommand without KeepCommand, which goes when its run ends
	running     int  // invocations of it that have not ended
	gone        bool
}

// Created, Order and Removed make a command a listing.Item.
func (c *command) Created() int64 { return c.createdAt.Unix() }
func (c *command) Order() uint64  { return c.seq }
func (c *command) Removed() bool  { return c.gone }

// CreateCommandRequest is a CreateCommand request.
type CreateCommandRequest struct {
	RegionID string
	Name     string                 // required; at most 128 characters
	Type     invocation.CommandType // required: RunShellScript, RunBatScript or RunPowerShellScript

	// CommandContent is the script: Base64, unless ContentEncoding is
	// PlainText. Its Base64 form is at most 18 KB.
	CommandContent  string
	ContentEncoding ContentEncoding // PlainText or Base64 in any case; anything else means Base64, the default

	Description     string                     // at most 512 characters
	WorkingDir      string                     // at most 200 characters
	Timeout         invocation.Optional[int64] // seconds, from 10 to 86,400; absent means 60
	EnableParameter bool                       // {{name}} in the content is a parameter, given a value by each invocation
	Launcher        string                     // at most 1 KB
	ResourceGroupID string
	Tags            []invocation.Tag // at most 20, as Tag.N
}

// CreateCommand creates a command and returns its CommandId. The errors
// are, in the order they are checked:
//
//	RegionId        required, a known region          MissingParameter.RegionId 400, InvalidRegionId.NotFound 404
//	Name            required, at most 128 characters  MissingParameter.Name 400, CmdName.ExceedLimit 403
//	Type            required, a command type          MissingParameter.Type 400, InvalidCmdType.NotFound 404
//	CommandContent  required, Base64 unless PlainText MissingParameter.CommandContent 400, CmdContent.DecodeError 400
//	                at most 18 KB as Base64           CmdContent.ExceedLimit 403
//	Description     at most 512 characters            CmdDesc.ExceedLimit 403
//	WorkingDir      at most 200 characters            InvalidParam.WorkingDir 400 (decision)
//	Launcher        at most 1 KB                      InvalidParam.Launcher 400 (decision)
//	Timeout         10 to 86,400 seconds              InvalidParam.Timeout 400 (decision)
//	Tags            as Tag.N                          the tag errors of DescribeInvocations
//	the region's commands, at most CommandQuota       CmdCount.ExceedQuota 403
func (s *Service) CreateCommand(req CreateCommandRequest) (string, error) {
	now := s.begin()
	defer s.end()
	s.changed()
	c, err := s.newCommand(req, now, true, maxCreateContent, req.ContentEncoding.plain(false))
	if err != nil {
		return "", err
	}
	c.keep = true
	if err := s.add(c); err != nil {
		return "", err
	}
	req.Tags = slices.Clone(req.Tags)
	s.record(now, Call{CreateCommand: &req})
	return c.id, nil
}

// plain reports whether content in encoding e is plain text. Text other
// than PlainText and Base64 (in any case) is taken as the default, plain
// or not.
func (e ContentEncoding) plain(byDefault bool) bool {
	switch {
	case strings.EqualFold(string(e), string(PlainText)):
		return true
	case strings.EqualFold(string(e), string(Base64)):
		return false
	}
	return byDefault
}

// newCommand checks the parts of req that make a command, and makes it:
// named says whether a Name is required, max is the most bytes its
// content may take as Base64, and plain whether it is sent plain.
func (s *Service) newCommand(req CreateCommandRequest, now time.Time, named bool, max int, plain bool) (*command, error) {
	if err := s.checkRegion(req.RegionID); err != nil {
		return nil, err
	}
	switch {
	case req.Name == "" && named:
		return nil, apierror.Missing("Name")
	case runes(req.Name) > maxNameLen:
		return nil, tooLong(apierror.CmdNameExceedLimit, "Name", maxNameLen)
	case req.Type == "":
		return nil, apierror.Missing("Type")
	case !req.Type.Known():
		return nil, apierror.New(apierror.InvalidCmdTypeNotFound, fmt.Sprintf("The specified command type %q does not exist.", req.Type))
	case req.CommandContent == "":
		return nil, apierror.Missing("CommandContent")
	}
	content, encoded := req.CommandContent, len(req.CommandContent)
	if plain {
		encoded = base64.StdEncoding.EncodedLen(len(content))
	} else {
		b, err := base64.StdEncoding.DecodeString(content)
		if err != nil {
			return nil, apierror.New(apierror.CmdContentDecodeError, "The specified parameter \"CommandContent\" is not valid Base64.")
		}
		content = string(b)
	}
	switch {
	case encoded > max:
		return nil, apierror.New(apierror.CmdContentExceedLimit, fmt.Sprintf("The command content takes %d bytes as Base64, more than %d.", encoded, max))
	case runes(req.Description) > maxDescriptionLen:
		return nil, tooLong(apierror.CmdDescExceedLimit, "Description", maxDescriptionLen)
	}
	if err := checkCommon(req.WorkingDir, req.Launcher, req.Timeout); err != nil {
		return nil, err
	}
	if err := checkTags(req.Tags); err != nil {
		return nil, err
	}
	c := &command{
		region: s.region(req.RegionID), name: req.Name, description: req.Description, typ: req.Type, content: content,
		workingDir: req.WorkingDir, timeout: defaultTO, enableParam: req.EnableParameter, launcher: req.Launcher,
		group: req.ResourceGroupID, tags: append([]invocation.Tag(nil), req.Tags...), createdAt: now,
	}
	if t, ok := req.Timeout.Get(); ok {
		c.timeout = t
	}
	if c.enableParam {
		c.params = paramNames(content)
	}
	return c, nil
}

// checkCommon checks the parameters that commands and invocations share.
func checkCommon(workingDir, launcher string, timeout invocation.Optional[int64]) error {
	switch t, ok := timeout.Get(); {
	case runes(workingDir) > maxWorkingDirLen:
		return tooLong(apierror.InvalidParamWorkingDir, "WorkingDir", maxWorkingDirLen)
	case len(launcher) > maxLauncherLen:
		return tooLong(apierror.InvalidParamLauncher, "Launcher", maxLauncherLen)
	case ok && (t < minTimeout || t > maxTimeout):
		return apierror.New(apierror.InvalidParamTimeout, fmt.Sprintf("The specified parameter \"Timeout\" is not valid: %d is not from %d to %d seconds.", t, minTimeout, maxTimeout))
	}
	return nil
}

// add gives c an id and keeps it; a command that counts against the
// quota needs room in it.
func (s *Service) add(c *command) error {
	if c.keep {
		if c.region.kept >= s.commandQuota {
			return apierror.New(apierror.CmdCountExceedQuota,
				fmt.Sprintf("The total number of commands in the region %q exceeds the quota of %d.", c.region.name, s.commandQuota))
		}
		c.region.kept++
	}
	c.seq = s.nextSeq()
	for c.id == "" || s.commands[c.id] != nil {
		c.id = s.newID("c-")
	}
	s.commands[c.id] = c
	c.region.commands.Add(c)
	return nil
}

// release notes that an invocation of c has ended; a command that
// RunCommand did not keep goes with the end of its invocation.
func (s *Service) release(c *command) {
	if c.running--; c.running == 0 && !c.keep {
		s.remove(c)
	}
}

// remove deletes c.
func (s *Service) remove(c *command) {
	if c.gone {
		return
	}
	c.gone = true
	delete(s.commands, c.id)
	c.region.commands.Drop()
	if c.keep {
		c.region.kept--
	}
}

// paramRE finds the parameters of a command's content: {{name}}, with
// white space allowed inside the braces, where name is letters, digits,
// - and _, or a built-in ACS::name.
var paramRE = regexp.MustCompile(`\{\{\s*(ACS::[A-Za-z]+|[A-Za-z0-9_-]+)\s*\}\}`)

// paramNames returns the names of the parameters of content that are not
// built in, each once, in the order they first appear.
func paramNames(content string) []string {
	var names []string
	for _, m := range paramRE.FindAllStringSubmatch(content, -1) {
		if n := m[1]; !strings.HasPrefix(n, "ACS::") && !contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DeleteCommandRequest is a DeleteCommand request.
type DeleteCommandRequest struct {
	RegionID  string
	CommandID string
}

// DeleteCommand deletes a command. A CommandId the region does not have
// is InvalidCmdId.NotFound 404; a command that an invocation which has not
// ended uses is InvalidStatus.CmdIdInUse 403.
func (s *Service) DeleteCommand(req DeleteCommandRequest) error {
	now := s.begin()
	defer s.end()
	s.changed()
	c, err := s.command(req.RegionID, req.CommandID)
	if err != nil {
		return err
	}
	if c.running > 0 {
		return apierror.New(apierror.InvalidStatusCmdIDInUse, fmt.Sprintf("The command %q is used by an invocation that has not ended.", c.id))
	}
	s.remove(c)
	s.record(now, Call{DeleteCommand: &req})
	return nil
}

// command returns the command id of the region regionID.
func (s *Service) command(regionID, id string) (*command, error) {
	if err := s.checkRegion(regionID); err != nil {
		return nil, err
	}
	if id == "" {
		return nil, apierror.Missing("CommandId")
	}
	c := s.commands[id]
	if c == nil || c.region.name != regionID {
		return nil, apierror.New(apierror.InvalidCmdIDNotFound, fmt.Sprintf("The specified command ID %q does not exist.", id))
	}
	return c, nil
}

// Command is a command as DescribeCommands shows it.
type Command struct {
	CommandID       string `json:"CommandId"`
	Name            string
	Type            invocation.CommandType
	CommandContent  string // Base64 unless PlainText was asked for
	Description     string
	WorkingDir      string
	Timeout         int64 // seconds
	EnableParameter bool
	ParameterNames  []string
	Launcher        string
	InvokeTimes     int // invocations made of it
	CreationTime    time.Time
	ResourceGroupID string `json:"ResourceGroupId"`
	Tags            []invocation.Tag
}

// DescribeCommandsRequest is a DescribeCommands request. A zero filter
// matches every command.
type DescribeCommandsRequest struct {
	RegionID        string
	CommandID       string
	Type            invocation.CommandType
	Name            string // a trailing * matches any name that begins with what comes before it
	ResourceGroupID string
	Tags            []invocation.Tag // every one must be carried; one with an empty Value matches any value of its key

	ContentEncoding ContentEncoding // how CommandContent is shown: Base64 (the default) or PlainText
	Paging          paging.Request  // zero means the first page of 10
}

// DescribeCommandsResponse is a page of DescribeCommands.
type DescribeCommandsResponse struct {
	TotalCount int
	PageNumber int    // page-number paging
	PageSize   int    // page-number paging
	NextToken  string // token paging: empty on the last page
	Commands   []Command
}

// DescribeCommands returns a page of the region's commands that match
// req, newest first (those made in the same second in the order they
// were made). An unknown CommandId gives an empty page. The errors
// are those of the region, of Type (InvalidCmdType.NotFound 404), of the
// tags, of ContentEncoding (InvalidParameter.ContentEncoding 400) and of
// the paging (a NextToken not issued for these filters is
// InvalidParameter.NextToken 400). The filters are every field but the
// paging and ContentEncoding, and the order of the tags does not count:
// a token stays valid when only those change.
func (s *Service) DescribeCommands(req DescribeCommandsRequest) (DescribeCommandsResponse, error) {
	s.begin()
	defer s.end()
	if err := s.checkRegion(req.RegionID); err != nil {
		return DescribeCommandsResponse{}, err
	}
	if req.Type != "" && !req.Type.Known() {
		return DescribeCommandsResponse{}, apierror.New(apierror.InvalidCmdTypeNotFound, fmt.Sprintf("The specified command type %q does not exist.", req.Type))
	}
	if err := checkTags(req.Tags); err != nil {
		return DescribeCommandsResponse{}, err
	}
	plain, err := req.ContentEncoding.parse()
	if err != nil {
		return DescribeCommandsResponse{}, err
	}
	p, err := defaultPaging(req.Paging)
	if err != nil {
		return DescribeCommandsResponse{}, err
	}
	var print listing.Sum
	if p.ByToken {
		print = req.fingerprint()
	}
	pg, err := index.NewPager(&s.key, p, print)
	if err != nil {
		return DescribeCommandsResponse{}, err
	}
	r := s.region(req.RegionID)
	prefix, isPrefix := strings.CutSuffix(req.Name, "*")
	var page []*command
	for c := range r.commands.Newest() {
		switch {
		case req.CommandID != "" && c.id != req.CommandID,
			req.Type != "" && c.typ != req.Type,
			req.Name != "" && !isPrefix && c.name != req.Name,
			isPrefix && !strings.HasPrefix(c.name, prefix),
			req.ResourceGroupID != "" && c.group != req.ResourceGroupID,
			!index.HasTags(c.tags, req.Tags):
			continue
		}
		if pg.Take(listing.Position{Created: c.Created(), Order: c.seq}) {
			page = append(page, c)
		}
	}
	resp := DescribeCommandsResponse{TotalCount: pg.Total(), NextToken: pg.Next()}
	if !p.ByToken {
		resp.PageNumber, resp.PageSize = p.Page.Number, p.Page.Size
	}
	for _, c := range page {
		resp.Commands = append(resp.Commands, c.describe(plain))
	}
	return resp, nil
}

// describe returns c as DescribeCommands shows it, with its content in
// plain text or Base64.
func (c *command) describe(plain bool) Command {
	content := c.content
	if !plain {
		content = base64.StdEncoding.EncodeToString([]byte(content))
	}
	return Command{
		CommandID: c.id, Name: c.name, Type: c.typ, CommandContent: content, Description: c.description,
		WorkingDir: c.workingDir, Timeout: c.timeout, EnableParameter: c.enableParam,
		ParameterNames: append([]string(nil), c.params...), Launcher: c.launcher, InvokeTimes: c.invokeTimes,
		CreationTime: c.createdAt, ResourceGroupID: c.group, Tags: append([]invocation.Tag(nil), c.tags...),
	}
}

// fingerprint identifies req's filters, so that a token is only taken
// back for the filters it was issued for: every field but the paging and
// ContentEncoding, which only changes how the answer is shown.
func (req *DescribeCommandsRequest) fingerprint() listing.Sum {
	f := listing.NewFingerprint("DescribeCommands")
	f.String("RegionId", req.RegionID)
	f.String("CommandId", req.CommandID)
	f.String("Type", string(req.Type))
	f.String("Name", req.Name)
	f.String("ResourceGroupId", req.ResourceGroupID)
	f.Tags("Tag", req.Tags)
	return f.Sum()
}

// parse reads the ContentEncoding of a Describe request: PlainText or
// Base64 in any case, or empty for Base64, and reports whether it asks
// for plain text.
func (e ContentEncoding) parse() (bool, error) {
	switch {
	case e == "" || strings.EqualFold(string(e), string(Base64)):
		return false, nil
	case strings.EqualFold(string(e), string(PlainText)):
		return true, nil
	}
	return false, apierror.Invalid(apierror.InvalidParameterContentEncoding, "ContentEncoding", string(e), "PlainText or Base64")
}
