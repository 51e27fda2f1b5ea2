// Command pulumi-language-nodejs, as scripts/pulumi-cli.sh builds it when the Go module proxy does not
// serve the Node.js language host of the CLI's version.
//
// The script then falls back to the host of sdk/v3 v3.68 (the "legacy host"), which runs programs
// fine but answers RunPlugin with "not supported". Since CLI v3.221 that is how `pulumi preview
// --policy-pack <dir>` starts a Node.js policy pack (the CLI no longer looks for the old
// `pulumi-analyzer-policy` shim once a language host exists). This program sits in front of the
// legacy host: it starts it from beside itself, forwards every call to it byte for byte, and serves
// RunPlugin for policy packs itself, the way the current host does (sdk/nodejs/cmd/pulumi-language-nodejs,
// RunPlugin with kind "analyzer"): `node @pulumi/pulumi/cmd/run-policy-pack <engine> <pack dir>` in
// the pack's folder, behind the SDK's PolicyProxy, which takes the stack configuration from the engine
// and hands it to the pack in PULUMI_CONFIG and PULUMI_NODEJS_* variables.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/google/shlex"
	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The legacy host's file name, in the folder of this executable (scripts/pulumi-cli.sh puts it there).
const legacyHostName = "pulumi-language-nodejs-legacy"

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	legacy := exec.Command(filepath.Join(filepath.Dir(self), legacyHostName), os.Args[1:]...)
	legacy.Stderr = os.Stderr
	// The legacy host must not outlive this process, whichever way it ends.
	legacy.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	legacyOut, err := legacy.StdoutPipe()
	if err != nil {
		return err
	}
	if err := legacy.Start(); err != nil {
		return fmt.Errorf("starting the legacy host: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- legacy.Wait() }()

	// Like every plugin, the legacy host prints its port first; `-version` and friends print their answer.
	lines := bufio.NewReader(legacyOut)
	first, err := lines.ReadString('\n')
	port, convErr := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || convErr != nil {
		fmt.Print(first)
		_, _ = io.Copy(os.Stdout, lines)
		return exitLike(<-exited)
	}
	go func() { _, _ = io.Copy(os.Stdout, lines) }()

	codec := passthroughCodec{proto: encoding.GetCodecV2("proto")}
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodecV2(codec)),
		rpcutil.GrpcChannelOptions())
	if err != nil {
		return err
	}
	defer conn.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cancel := make(chan bool, 1)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			srv.RegisterService(runPluginOnly(), &policyHost{})
			return nil
		},
		Options: []grpc.ServerOption{
			grpc.ForceServerCodecV2(codec),
			grpc.UnknownServiceHandler(forwardTo(conn)),
		},
	})
	if err != nil {
		return err
	}
	fmt.Printf("%d\n", handle.Port)

	select {
	case err := <-exited:
		cancel <- true
		return exitLike(err)
	case err := <-handle.Done:
		return err
	case <-ctx.Done():
		_ = legacy.Process.Signal(os.Interrupt)
		cancel <- true
		return exitLike(<-exited)
	}
}

// exitLike ends the process with the legacy host's exit code.
func exitLike(err error) error {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		os.Exit(exit.ExitCode())
	}
	return err
}

// runPluginOnly is the LanguageRuntime service with RunPlugin alone: every other method is unknown
// to this server, so the UnknownServiceHandler forwards it.
func runPluginOnly() *grpc.ServiceDesc {
	desc := pulumirpc.LanguageRuntime_ServiceDesc
	desc.Methods = nil
	desc.Streams = nil
	for _, s := range pulumirpc.LanguageRuntime_ServiceDesc.Streams {
		if s.StreamName == "RunPlugin" {
			desc.Streams = append(desc.Streams, s)
		}
	}
	return &desc
}

// frame is a message forwarded without decoding it.
type frame struct{ data []byte }

// passthroughCodec leaves frames as bytes and encodes everything else as protobuf.
type passthroughCodec struct{ proto encoding.CodecV2 }

func (c passthroughCodec) Marshal(v any) (mem.BufferSlice, error) {
	if f, ok := v.(*frame); ok {
		return mem.BufferSlice{mem.SliceBuffer(f.data)}, nil
	}
	return c.proto.Marshal(v)
}

func (c passthroughCodec) Unmarshal(data mem.BufferSlice, v any) error {
	if f, ok := v.(*frame); ok {
		f.data = data.Materialize()
		return nil
	}
	return c.proto.Unmarshal(data, v)
}

func (passthroughCodec) Name() string { return "proto" }

// forwardTo relays one call, of any shape (unary or streaming), to the legacy host: metadata,
// messages both ways, then its status and trailers.
func forwardTo(conn *grpc.ClientConn) grpc.StreamHandler {
	return func(_ any, in grpc.ServerStream) error {
		method, ok := grpc.MethodFromServerStream(in)
		if !ok {
			return status.Error(codes.Internal, "no method name on the stream")
		}
		ctx, cancel := context.WithCancel(in.Context())
		defer cancel()
		if md, ok := metadata.FromIncomingContext(ctx); ok {
			ctx = metadata.NewOutgoingContext(ctx, md.Copy())
		}
		out, err := conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method)
		if err != nil {
			return err
		}
		go func() {
			for {
				f := &frame{}
				if err := in.RecvMsg(f); err != nil {
					if err == io.EOF {
						_ = out.CloseSend()
					} else {
						cancel()
					}
					return
				}
				if err := out.SendMsg(f); err != nil {
					return // the legacy host ended the call: RecvMsg below returns its status
				}
			}
		}()
		if header, err := out.Header(); err == nil && len(header) > 0 {
			if err := in.SendHeader(header); err != nil {
				return err
			}
		}
		for {
			f := &frame{}
			if err := out.RecvMsg(f); err != nil {
				in.SetTrailer(out.Trailer())
				if err == io.EOF {
					return nil
				}
				return err
			}
			if err := in.SendMsg(f); err != nil {
				return err
			}
		}
	}
}

// policyHost runs Node.js policy packs (RunPlugin with kind "analyzer").
type policyHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (policyHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != string(apitype.AnalyzerPlugin) {
		return status.Errorf(codes.Unimplemented,
			"this Node.js language host (built by scripts/pulumi-cli.sh) runs policy packs only, not %q plugins", req.GetKind())
	}
	if req.GetAttachDebugger() {
		return status.Error(codes.Unimplemented, "this Node.js language host cannot attach a debugger to a policy pack")
	}
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	packDir := req.GetInfo().GetProgramDirectory()
	options := req.GetInfo().GetOptions().AsMap()
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	runPath, err := locateRunPolicyPack(node, packDir)
	if err != nil {
		return err
	}

	env := req.GetEnv()
	// The runtime's typescript option defaults to true, as in the current host.
	if ts, ok := options["typescript"].(bool); !ok || ts {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	nodeargs, _ := options["nodeargs"].(string)
	extraArgs, err := shlex.Split(nodeargs)
	if err != nil {
		return err
	}
	// The pack directory goes last, after the engine address.
	args := append(append(append([]string{runPath}, extraArgs...), req.GetArgs()...), packDir)

	proxy, stdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start policy pack proxy: %w", err)
	}
	config, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get stack configuration: %w", err)
	}
	if config != nil {
		set := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		set("PULUMI_NODEJS_ORGANIZATION", config.GetOrganization())
		set("PULUMI_NODEJS_PROJECT", config.GetProject())
		set("PULUMI_NODEJS_STACK", config.GetStack())
		set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.GetDryRun()))
		if len(config.GetConfig()) > 0 {
			configJSON, err := json.Marshal(config.GetConfig())
			if err != nil {
				return fmt.Errorf("could not marshal stack configuration: %w", err)
			}
			set("PULUMI_CONFIG", string(configJSON))
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = packDir // policy packs have always run from their own folder
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run the policy pack with %s: %w", node, err)
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("policy pack exited with code %d", exit.ExitCode())
		}
		return fmt.Errorf("could not attach policy pack proxy: %w", err)
	}
	return closer.Close()
}

// locateRunPolicyPack resolves @pulumi/pulumi/cmd/run-policy-pack from the pack's folder, as Node does.
func locateRunPolicyPack(node, packDir string) (string, error) {
	cmd := exec.Command(node, "-e", `try { console.log(require.resolve("@pulumi/pulumi/cmd/run-policy-pack")); } `+
		`catch (e) { console.error(e.code === "MODULE_NOT_FOUND" ? "It looks like the Pulumi SDK has not been installed. `+
		`Have you run npm install in "+process.cwd()+"?" : e.message); process.exit(1); }`)
	cmd.Dir = packDir
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return "", errors.New(strings.TrimSpace(string(exit.Stderr)))
	}
	return strings.TrimSpace(string(out)), err
}
